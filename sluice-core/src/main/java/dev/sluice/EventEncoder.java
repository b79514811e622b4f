package dev.sluice;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes {@link ServerSentEvent}s in the {@code text/event-stream} format, UTF-8 encoded.
 *
 * <p>Each event becomes one complete block that ends with a blank line, so encoded events can be
 * concatenated in any order and every receiver sees each one whole. Fields are written as {@code
 * : comment}, {@code id}, {@code event}, {@code retry}, then {@code data}. {@code data} and comments
 * are split at every CR, LF and CRLF into one line each; a receiver joins {@code data} lines with LF,
 * so a bare CR or a CRLF in the data arrives as LF (the protocol cannot carry a CR). Unpaired
 * surrogates are written as U+FFFD, as a browser's {@code TextEncoder} does.
 *
 * <p>The output length is known before writing ({@link #encodedLength}) so callers can allocate an
 * exact buffer (for example a pooled Netty buffer) and encode into it with no intermediate copy.
 * All methods are static and thread-safe.
 */
public final class EventEncoder {
  private static final int MAX_ENCODED_LENGTH = Integer.MAX_VALUE - 16;

  private EventEncoder() {}

  /** Returns the exact number of bytes {@link #encode(ServerSentEvent)} produces for {@code event}. */
  public static int encodedLength(ServerSentEvent event) {
    return Math.abs(lengthState(event));
  }

  /**
   * Returns the event's encoded length, negated if {@link PlainEventEncoder} can write it, and
   * caches that in the event so that encodedLength followed by encode looks at the chars once.
   */
  private static int lengthState(ServerSentEvent event) {
    int cached = event.encodedLength;
    if (cached != 0) return cached;
    long plain = PlainEventEncoder.length(event);
    // Otherwise the same code as encode() with no destination counts instead of writing, so the
    // two agree.
    long length = plain >= 0 ? plain : write(event, null, 0);
    if (length > MAX_ENCODED_LENGTH) {
      throw new IllegalArgumentException("event too large to encode: " + length + " bytes");
    }
    int state = plain >= 0 ? -(int) length : (int) length;
    event.encodedLength = state;
    return state;
  }

  /** Encodes {@code event} into a new array of exactly {@link #encodedLength} bytes. */
  public static byte[] encode(ServerSentEvent event) {
    byte[] result = new byte[encodedLength(event)];
    encode(event, result, 0);
    return result;
  }

  /**
   * Encodes {@code event} into {@code destination} starting at {@code offset}.
   *
   * @return the number of bytes written, always {@link #encodedLength}
   * @throws IndexOutOfBoundsException if fewer than {@link #encodedLength} bytes are free
   */
  public static int encode(ServerSentEvent event, byte[] destination, int offset) {
    Objects.requireNonNull(destination, "destination");
    int state = lengthState(event);
    int length = Math.abs(state);
    Objects.checkFromIndexSize(offset, length, destination.length);
    long end = state < 0
        ? PlainEventEncoder.write(event, destination, offset)
        : write(event, destination, offset);
    assert end - offset == length : "encodedLength disagrees with encode";
    return length;
  }

  /**
   * Encodes {@code event} into {@code destination} at its position, advancing the position.
   *
   * @throws BufferOverflowException if fewer than {@link #encodedLength} bytes remain; nothing is
   *     written then
   */
  public static void encode(ServerSentEvent event, ByteBuffer destination) {
    int length = encodedLength(event);
    if (destination.remaining() < length) throw new BufferOverflowException();
    if (destination.hasArray()) {
      int start = destination.arrayOffset() + destination.position();
      encode(event, destination.array(), start);
      destination.position(destination.position() + length);
    } else {
      // A direct buffer has no array to write into; one copy of the encoded block is the price.
      destination.put(encode(event));
    }
  }

  private static final byte[] ID = {'i', 'd', ':', ' '};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't', ':', ' '};
  private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y', ':', ' '};
  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] COMMENT = {};
  /** Below this many chars, a plain loop beats the fixed cost of a bulk String call. */
  private static final int BULK_MIN = 32;

  /**
   * Writes the event's block at {@code position} and returns the position after it. With a null
   * {@code destination} it writes nothing and only counts: every write below goes through one of
   * the helpers that honour that, so the length and the bytes cannot drift apart.
   */
  private static long write(ServerSentEvent event, byte[] destination, long position) {
    if (event.rawComment() != null) position = writeText(destination, position, COMMENT, event.rawComment());
    if (event.rawId() != null) position = writeField(destination, position, ID, event.rawId());
    if (event.rawEvent() != null) position = writeField(destination, position, EVENT, event.rawEvent());
    if (event.rawRetryMillis() >= 0) {
      position = writeAscii(destination, position, RETRY);
      position = writeDecimal(destination, position, event.rawRetryMillis());
      position = writeByte(destination, position, '\n');
    }
    if (event.rawData() != null) position = writeText(destination, position, DATA, event.rawData());
    return writeByte(destination, position, '\n'); // The blank line that ends the block.
  }

  private static long writeField(byte[] destination, long position, byte[] name, String value) {
    position = writeAscii(destination, position, name);
    position = writeUtf8(destination, position, value, 0, value.length());
    return writeByte(destination, position, '\n');
  }

  /**
   * Writes {@code text} as one line per CR-, LF- or CRLF-separated segment: {@code name: segment},
   * or {@code name:} alone for an empty segment ({@code name} is empty for comments).
   */
  private static long writeText(byte[] destination, long position, byte[] name, String text) {
    int length = text.length();
    // Long text is searched with String.indexOf, which is vectorized; remembering the next CR and
    // LF keeps that linear. Short text is cheaper to walk than to make two calls for.
    int nextLf = -1;
    int nextCr = -1;
    int segmentStart = 0;
    while (true) {
      int segmentEnd;
      if (length - segmentStart < BULK_MIN) {
        segmentEnd = segmentStart;
        while (segmentEnd < length && !isLineBreak(text.charAt(segmentEnd))) segmentEnd++;
      } else {
        if (nextLf < segmentStart) nextLf = indexOrLength(text, '\n', segmentStart);
        if (nextCr < segmentStart) nextCr = indexOrLength(text, '\r', segmentStart);
        segmentEnd = Math.min(nextLf, nextCr);
      }
      position = writeAscii(destination, position, name);
      position = writeByte(destination, position, ':');
      if (segmentEnd > segmentStart) {
        position = writeByte(destination, position, ' ');
        position = writeUtf8(destination, position, text, segmentStart, segmentEnd);
      }
      position = writeByte(destination, position, '\n');
      if (segmentEnd == length) return position;
      segmentStart = segmentEnd + 1;
      if (text.charAt(segmentEnd) == '\r' && segmentStart < length && text.charAt(segmentStart) == '\n') {
        segmentStart++;
      }
    }
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r';
  }

  private static int indexOrLength(String text, char c, int from) {
    int index = text.indexOf(c, from);
    return index < 0 ? text.length() : index;
  }

  /**
   * Writes {@code value[start, end)} as UTF-8, unpaired surrogates as U+FFFD. Runs of ASCII are
   * copied in bulk by {@link String#getBytes(int, int, byte[], int)}, which keeps each char's low
   * byte: exact for ASCII, and a plain array copy for the JDK's compact (Latin-1) strings.
   */
  @SuppressWarnings("deprecation")
  private static long writeUtf8(byte[] destination, long position, String value, int start, int end) {
    int i = start;
    while (i < end) {
      int asciiEnd = i;
      while (asciiEnd < end && value.charAt(asciiEnd) < 0x80) asciiEnd++;
      if (asciiEnd > i) {
        if (destination == null) {
          // Counting only.
        } else if (asciiEnd - i >= BULK_MIN) {
          value.getBytes(i, asciiEnd, destination, (int) position);
        } else {
          for (int k = i, at = (int) position; k < asciiEnd; k++, at++) destination[at] = (byte) value.charAt(k);
        }
        position += asciiEnd - i;
        i = asciiEnd;
        if (i == end) break;
      }
      char c = value.charAt(i++);
      int codePoint = c;
      if (Character.isSurrogate(c)) {
        codePoint = 0xFFFD;
        if (Character.isHighSurrogate(c) && i < end && Character.isLowSurrogate(value.charAt(i))) {
          codePoint = Character.toCodePoint(c, value.charAt(i++));
        }
      }
      position = writeCodePoint(destination, position, codePoint);
    }
    return position;
  }

  /** Writes one non-ASCII code point as 2, 3 or 4 bytes. */
  private static long writeCodePoint(byte[] destination, long position, int codePoint) {
    int width = codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    if (destination != null) {
      int at = (int) position;
      if (width == 2) {
        destination[at] = (byte) (0xC0 | (codePoint >> 6));
      } else if (width == 3) {
        destination[at] = (byte) (0xE0 | (codePoint >> 12));
        destination[at + 1] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
      } else {
        destination[at] = (byte) (0xF0 | (codePoint >> 18));
        destination[at + 1] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        destination[at + 2] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
      }
      destination[at + width - 1] = (byte) (0x80 | (codePoint & 0x3F));
    }
    return position + width;
  }

  private static long writeByte(byte[] destination, long position, char ascii) {
    if (destination != null) destination[(int) position] = (byte) ascii;
    return position + 1;
  }

  private static long writeAscii(byte[] destination, long position, byte[] ascii) {
    if (destination != null) System.arraycopy(ascii, 0, destination, (int) position, ascii.length);
    return position + ascii.length;
  }

  private static long writeDecimal(byte[] destination, long position, long value) {
    int digits = PlainEventEncoder.decimalLength(value);
    if (destination != null) {
      for (int i = (int) position + digits - 1; i >= position; i--) {
        destination[i] = (byte) ('0' + (value % 10));
        value /= 10;
      }
    }
    return position + digits;
  }
}
