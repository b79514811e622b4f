package dev.sluice.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next CR or LF in a byte array eight bytes at a time. This is the parser's hot loop:
 * lines are long next to their breaks, and a word-at-a-time test does the work of eight compares.
 */
public final class LineBreaks {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private LineBreaks() {}

  /** The index of the first CR or LF in {@code bytes[from, to)}, or -1. */
  public static int indexOf(byte[] bytes, int from, int to) {
    int i = from;
    // Eight bytes per step (SWAR), looking for any byte below 0x0E: one test covers CR and LF, and
    // the other control characters it also catches are rare enough to check one by one.
    while (true) {
      for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
        long word = (long) LONGS.get(bytes, i);
        // Sets the high bit of each byte below 0x0E (never of a byte >= 0x80, masked by ~word). A
        // borrow out of a flagged byte can falsely flag bytes above it, never below, so the lowest
        // flag, the first of the eight bytes in a little-endian load, is always a true one.
        long below = (word - ONES * 0x0E) & ~word & HIGH_BITS;
        if (below != 0) {
          i += Long.numberOfTrailingZeros(below) >>> 3;
          break;
        }
      }
      if (i >= to) return -1;
      byte b = bytes[i];
      if (b == '\n' || b == '\r') return i;
      i++; // A tail byte, or another control character: go on after it.
      if (i > to - Long.BYTES) {
        for (; i < to; i++) {
          b = bytes[i];
          if (b == '\n' || b == '\r') return i;
        }
        return -1;
      }
    }
  }
}
