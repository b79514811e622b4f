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
    int cached = event.encodedLength;
    if (cached != 0) return cached;
    long length = 0;
    if (event.rawComment() != null) length += textLength(event.rawComment());
    if (event.rawId() != null) length += 4 + utf8Length(event.rawId()) + 1; // "id: " value LF
    if (event.rawEvent() != null) length += 7 + utf8Length(event.rawEvent()) + 1; // "event: "
    if (event.rawRetryMillis() >= 0) length += 7 + decimalLength(event.rawRetryMillis()) + 1;
    if (event.rawData() != null) length += textLength(event.rawData()) + 4L * lineCount(event.rawData());
    length += 1; // The blank line that ends the block.
    if (length > MAX_ENCODED_LENGTH) {
      throw new IllegalArgumentException("event too large to encode: " + length + " bytes");
    }
    event.encodedLength = (int) length;
    return (int) length;
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
    int length = encodedLength(event);
    Objects.checkFromIndexSize(offset, length, destination.length);
    int position = offset;
    if (event.rawComment() != null) {
      position = writeText(destination, position, event.rawComment(), false);
    }
    if (event.rawId() != null) {
      position = writeField(destination, position, ID, event.rawId());
    }
    if (event.rawEvent() != null) {
      position = writeField(destination, position, EVENT, event.rawEvent());
    }
    if (event.rawRetryMillis() >= 0) {
      position = writeAscii(destination, position, RETRY);
      position = writeDecimal(destination, position, event.rawRetryMillis());
      destination[position++] = '\n';
    }
    if (event.rawData() != null) {
      position = writeText(destination, position, event.rawData(), true);
    }
    destination[position++] = '\n';
    assert position - offset == length : "encodedLength disagrees with encode";
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

  private static int writeField(byte[] destination, int position, byte[] name, String value) {
    position = writeAscii(destination, position, name);
    position = writeUtf8(destination, position, value, 0, value.length());
    destination[position++] = '\n';
    return position;
  }

  /**
   * Writes {@code text} as one line per CR-, LF- or CRLF-separated segment: {@code data: segment}
   * (or {@code : segment} for comments), and {@code data:} alone for an empty segment.
   */
  private static int writeText(byte[] destination, int position, String text, boolean data) {
    int length = text.length();
    int segmentStart = 0;
    while (true) {
      int segmentEnd = segmentStart;
      while (segmentEnd < length) {
        char c = text.charAt(segmentEnd);
        if (c == '\n' || c == '\r') break;
        segmentEnd++;
      }
      if (data) {
        destination[position++] = 'd';
        destination[position++] = 'a';
        destination[position++] = 't';
        destination[position++] = 'a';
      }
      destination[position++] = ':';
      if (segmentEnd > segmentStart) {
        destination[position++] = ' ';
        position = writeUtf8(destination, position, text, segmentStart, segmentEnd);
      }
      destination[position++] = '\n';
      if (segmentEnd == length) return position;
      segmentStart = segmentEnd + 1;
      if (text.charAt(segmentEnd) == '\r' && segmentStart < length && text.charAt(segmentStart) == '\n') {
        segmentStart++;
      }
    }
  }

  /** Bytes for the text's lines without the 4-byte "data" name: ":" [" " value] LF per segment. */
  private static long textLength(String text) {
    long result = 0;
    int length = text.length();
    int segmentStart = 0;
    while (true) {
      int segmentEnd = segmentStart;
      long segmentBytes = 0;
      while (segmentEnd < length) {
        char c = text.charAt(segmentEnd);
        if (c == '\n' || c == '\r') break;
        if (c < 0x80) {
          segmentBytes++;
        } else {
          segmentBytes += utf8Width(text, segmentEnd);
          if (Character.isHighSurrogate(c) && segmentEnd + 1 < length
              && Character.isLowSurrogate(text.charAt(segmentEnd + 1))) {
            segmentEnd++;
          }
        }
        segmentEnd++;
      }
      result += 2 + (segmentEnd > segmentStart ? 1 + segmentBytes : 0);
      if (segmentEnd == length) return result;
      segmentStart = segmentEnd + 1;
      if (text.charAt(segmentEnd) == '\r' && segmentStart < length && text.charAt(segmentStart) == '\n') {
        segmentStart++;
      }
    }
  }

  /** The number of lines {@link #writeText} writes for {@code text}. */
  private static int lineCount(String text) {
    int lines = 1;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        lines++;
      } else if (c == '\r') {
        lines++;
        if (i + 1 < length && text.charAt(i + 1) == '\n') i++;
      }
    }
    return lines;
  }

  private static long utf8Length(String value) {
    long result = 0;
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        result++;
      } else {
        result += utf8Width(value, i);
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) i++;
      }
    }
    return result;
  }

  /** UTF-8 width of the (non-ASCII) character at {@code index}, a whole surrogate pair counting 4. */
  private static int utf8Width(String value, int index) {
    char c = value.charAt(index);
    if (c < 0x800) return 2;
    if (Character.isHighSurrogate(c) && index + 1 < value.length()
        && Character.isLowSurrogate(value.charAt(index + 1))) {
      return 4;
    }
    return 3; // Includes unpaired surrogates, written as U+FFFD.
  }

  private static int writeUtf8(byte[] destination, int position, String value, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        destination[position++] = (byte) c;
      } else if (c < 0x800) {
        destination[position++] = (byte) (0xC0 | (c >> 6));
        destination[position++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        int codePoint = 0xFFFD;
        if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(value.charAt(i + 1))) {
          codePoint = Character.toCodePoint(c, value.charAt(++i));
        }
        if (codePoint > 0xFFFF) {
          destination[position++] = (byte) (0xF0 | (codePoint >> 18));
          destination[position++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
          destination[position++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
          destination[position++] = (byte) (0x80 | (codePoint & 0x3F));
        } else {
          destination[position++] = (byte) 0xEF;
          destination[position++] = (byte) 0xBF;
          destination[position++] = (byte) 0xBD;
        }
      } else {
        destination[position++] = (byte) (0xE0 | (c >> 12));
        destination[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        destination[position++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return position;
  }

  private static int writeAscii(byte[] destination, int position, byte[] ascii) {
    System.arraycopy(ascii, 0, destination, position, ascii.length);
    return position + ascii.length;
  }

  private static int decimalLength(long value) {
    int digits = 1;
    while (value >= 10) {
      value /= 10;
      digits++;
    }
    return digits;
  }

  private static int writeDecimal(byte[] destination, int position, long value) {
    int end = position + decimalLength(value);
    for (int i = end - 1; i >= position; i--) {
      destination[i] = (byte) ('0' + (value % 10));
      value /= 10;
    }
    return end;
  }
}
