package dev.sluice.hub.internal.http;

import java.nio.charset.StandardCharsets;

/** Checks and encodings Mercure asks of topics, matchers, ids and types. */
final class TopicStrings {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private TopicStrings() {}

  /**
   * Mercure 1.0's rule for every protocol string (topics, matchers, update {@code id} and
   * {@code type}): valid UTF-16 (so encodable as UTF-8), no C0 control, DEL or C1 control, and no
   * Unicode format character (category {@code Cf}: U+200B..U+200F, U+202A..U+202E, U+FEFF, ...),
   * which can make two topics that look alike differ, or reorder what a reader sees.
   */
  static boolean isProtocolString(String value) {
    for (int i = 0; i < value.length(); ) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
      int cp = value.codePointAt(i);
      if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || Character.getType(cp) == Character.FORMAT) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /** Lone surrogates cannot be UTF-8. */
  static boolean isValidUtf16(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Percent-encodes a whole value once (RFC 6570 simple expansion): everything but unreserved
   * characters, so {@code https://a/b} becomes {@code https%3A%2F%2Fa%2Fb}.
   */
  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
