package dev.sluice.publisher;

/** The character rules Mercure sets on topics, ids and types. */
final class Fields {
  /**
   * Rejects C0 and C1 controls, DEL, and Unicode format characters (category Cf), which the hub
   * refuses with {@code 400} and which could split an SSE line or hide in a {@code Last-Event-ID}.
   */
  static void checkNoControlCharacters(String field, String value) {
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F) || Character.getType(c) == Character.FORMAT) {
        throw new IllegalArgumentException(field + " contains the control or format character U+"
            + String.format("%04X", c) + " at index " + i);
      }
      i += Character.charCount(c);
    }
  }

  private Fields() {}
}
