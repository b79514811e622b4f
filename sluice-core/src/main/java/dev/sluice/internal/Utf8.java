package dev.sluice.internal;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding exactly as the WHATWG Encoding Standard's "UTF-8 decode" (without BOM handling,
 * which the caller does once per stream).
 *
 * <p>The two differ from the JDK only on malformed input: WHATWG emits one U+FFFD per <em>maximal
 * subpart</em> of an ill-formed sequence (so {@code ED A0 80}, an encoded surrogate, is three
 * U+FFFD and {@code F0 80 80 80}, an overlong form, is four), where {@code CharsetDecoder} groups
 * bytes differently in several cases. Browsers decode event streams the WHATWG way, and Sluice
 * must dispatch the same strings they do.
 *
 * <p>The common case, valid UTF-8, takes the JDK's intrinsic decoder; only a result that contains
 * U+FFFD (malformed input, or a literal U+FFFD) is decoded again by the exact algorithm below.
 */
public final class Utf8 {
  private static final char REPLACEMENT = '\uFFFD';

  private Utf8() {}

  /** Decodes {@code length} bytes of {@code bytes} from {@code offset}. */
  public static String decode(byte[] bytes, int offset, int length) {
    if (length == 0) return "";
    String fast = new String(bytes, offset, length, StandardCharsets.UTF_8);
    if (fast.indexOf(REPLACEMENT) < 0) return fast;
    return decodeExactly(bytes, offset, length);
  }

  /** The Encoding Standard's UTF-8 decoder, applied to the whole range as one stream. */
  static String decodeExactly(byte[] bytes, int offset, int length) {
    char[] out = new char[length]; // Never more chars than bytes: 4 bytes make at most 2 chars.
    int outLength = 0;
    int codePoint = 0;
    int bytesSeen = 0;
    int bytesNeeded = 0;
    int lowerBoundary = 0x80;
    int upperBoundary = 0xBF;
    int end = offset + length;
    int i = offset;
    while (i < end) {
      int b = bytes[i] & 0xFF;
      if (bytesNeeded == 0) {
        i++;
        if (b <= 0x7F) {
          out[outLength++] = (char) b;
        } else if (b >= 0xC2 && b <= 0xDF) {
          bytesNeeded = 1;
          codePoint = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
          if (b == 0xE0) lowerBoundary = 0xA0;
          if (b == 0xED) upperBoundary = 0x9F;
          bytesNeeded = 2;
          codePoint = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
          if (b == 0xF0) lowerBoundary = 0x90;
          if (b == 0xF4) upperBoundary = 0x8F;
          bytesNeeded = 3;
          codePoint = b & 0x07;
        } else {
          out[outLength++] = REPLACEMENT;
        }
        continue;
      }
      if (b < lowerBoundary || b > upperBoundary) {
        // The sequence so far is a maximal subpart: one U+FFFD, and this byte starts afresh.
        codePoint = 0;
        bytesNeeded = 0;
        bytesSeen = 0;
        lowerBoundary = 0x80;
        upperBoundary = 0xBF;
        out[outLength++] = REPLACEMENT;
        continue; // Do not advance: the byte is processed again.
      }
      i++;
      lowerBoundary = 0x80;
      upperBoundary = 0xBF;
      codePoint = (codePoint << 6) | (b & 0x3F);
      bytesSeen++;
      if (bytesSeen == bytesNeeded) {
        if (codePoint > 0xFFFF) {
          out[outLength++] = Character.highSurrogate(codePoint);
          out[outLength++] = Character.lowSurrogate(codePoint);
        } else {
          out[outLength++] = (char) codePoint;
        }
        codePoint = 0;
        bytesNeeded = 0;
        bytesSeen = 0;
      }
    }
    if (bytesNeeded != 0) out[outLength++] = REPLACEMENT; // Truncated sequence at end of stream.
    return new String(out, 0, outLength);
  }
}
