package dev.sluice;

/**
 * {@link EventEncoder}'s fast path for the common event: every field is <em>plain</em>, that is
 * made of ASCII chars above CR (U+000E..U+007F), so it holds no CR or LF. Such a field is one line
 * whose bytes are its chars: the block's length is a sum of field lengths and writing it is a copy,
 * with no line splitting and no UTF-8 encoding.
 *
 * <p>{@link #length} decides this in one pass over the chars; {@link #write} must only be called for
 * events it accepted. The output is byte for byte what the general path writes
 * ({@code PlainEventEncoderTest} checks both against one reference on each side of every boundary).
 */
final class PlainEventEncoder {
  /** Below this many chars, a plain loop beats the fixed cost of a bulk String call. */
  private static final int BULK_MIN = 8;

  private PlainEventEncoder() {}

  /** Returns the exact encoded length of {@code event} if all its fields are plain, else -1. */
  static long length(ServerSentEvent event) {
    long length = 1; // The blank line that ends the block.
    String comment = event.rawComment();
    if (comment != null) {
      if (!isPlain(comment)) return -1;
      length += textLength(0, comment);
    }
    String id = event.rawId();
    if (id != null) {
      if (!isPlain(id)) return -1;
      length += "id: \n".length() + id.length();
    }
    String type = event.rawEvent();
    if (type != null) {
      if (!isPlain(type)) return -1;
      length += "event: \n".length() + type.length();
    }
    long retry = event.rawRetryMillis();
    if (retry >= 0) length += "retry: \n".length() + decimalLength(retry);
    String data = event.rawData();
    if (data != null) {
      if (!isPlain(data)) return -1;
      length += textLength("data".length(), data);
    }
    return length;
  }

  /**
   * Writes an event that {@link #length} accepted at {@code at}, which has room for it, and
   * returns the position after it.
   */
  static int write(ServerSentEvent event, byte[] destination, int at) {
    String comment = event.rawComment();
    if (comment != null) {
      destination[at++] = ':';
      at = writeTextValue(destination, at, comment);
    }
    String id = event.rawId();
    if (id != null) {
      destination[at] = 'i';
      destination[at + 1] = 'd';
      destination[at + 2] = ':';
      destination[at + 3] = ' ';
      at = copy(id, destination, at + 4);
      destination[at++] = '\n';
    }
    String type = event.rawEvent();
    if (type != null) {
      destination[at] = 'e';
      destination[at + 1] = 'v';
      destination[at + 2] = 'e';
      destination[at + 3] = 'n';
      destination[at + 4] = 't';
      destination[at + 5] = ':';
      destination[at + 6] = ' ';
      at = copy(type, destination, at + 7);
      destination[at++] = '\n';
    }
    long retry = event.rawRetryMillis();
    if (retry >= 0) {
      destination[at] = 'r';
      destination[at + 1] = 'e';
      destination[at + 2] = 't';
      destination[at + 3] = 'r';
      destination[at + 4] = 'y';
      destination[at + 5] = ':';
      destination[at + 6] = ' ';
      at = writeDecimal(destination, at + 7, retry);
      destination[at++] = '\n';
    }
    String data = event.rawData();
    if (data != null) {
      destination[at] = 'd';
      destination[at + 1] = 'a';
      destination[at + 2] = 't';
      destination[at + 3] = 'a';
      destination[at + 4] = ':';
      at = writeTextValue(destination, at + 5, data);
    }
    destination[at++] = '\n';
    return at;
  }

  /**
   * True if every char of {@code value} is in U+000E..U+007F: ASCII above CR, so no CR or LF. Tab
   * and the other C0 controls below CR are left to the general path too; that costs them speed,
   * not correctness, and lets this test be two subtractions per char with no branch, which the JIT
   * unrolls.
   */
  static boolean isPlain(String value) {
    int flags = 0;
    for (int i = 0, n = value.length(); i < n; i++) {
      int c = value.charAt(i);
      flags |= (c - 0x0E) | (0x7F - c); // Negative exactly when c is out of range.
    }
    return flags >= 0;
  }

  /** A one-line text field: {@code name: value} or, when the value is empty, {@code name:}. */
  private static long textLength(int nameLength, String value) {
    return nameLength + ":\n".length() + (value.isEmpty() ? 0 : 1 + value.length());
  }

  /** Writes the part after a text field's colon: {@code " value\n"}, or {@code "\n"} if empty. */
  private static int writeTextValue(byte[] destination, int at, String value) {
    if (!value.isEmpty()) {
      destination[at] = ' ';
      at = copy(value, destination, at + 1);
    }
    destination[at] = '\n';
    return at + 1;
  }

  /**
   * Copies a plain (ASCII) string's chars as bytes. {@link String#getBytes(int, int, byte[], int)}
   * keeps each char's low byte, which for ASCII is exactly its UTF-8 encoding; for the JDK's
   * compact (Latin-1) strings it is a plain array copy.
   */
  @SuppressWarnings("deprecation")
  private static int copy(String value, byte[] destination, int at) {
    int length = value.length();
    if (length >= BULK_MIN) {
      value.getBytes(0, length, destination, at);
    } else {
      for (int i = 0; i < length; i++) destination[at + i] = (byte) value.charAt(i);
    }
    return at + length;
  }

  static int decimalLength(long value) {
    int digits = 1;
    while (value >= 10) {
      value /= 10;
      digits++;
    }
    return digits;
  }

  private static int writeDecimal(byte[] destination, int at, long value) {
    int end = at + decimalLength(value);
    for (int i = end - 1; i >= at; i--) {
      destination[i] = (byte) ('0' + (value % 10));
      value /= 10;
    }
    return end;
  }
}
