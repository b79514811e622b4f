package dev.sluice.hub.internal.http;

import java.nio.charset.StandardCharsets;

/** Checks and encodings the draft asks of topic strings. */
final class TopicStrings {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private TopicStrings() {}

  /** No C0, DEL or C1 control characters (the draft's rule for topics and matcher values). */
  static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return true;
      }
    }
    return false;
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

  /** Whether a topic, resolved against the hub URL, lies in the hub's reserved namespace. */
  static boolean isReserved(String topic) {
    String path;
    try {
      java.net.URI uri = java.net.URI.create("http://hub.invalid/.well-known/mercure").resolve(topic);
      path = uri.getPath();
    } catch (IllegalArgumentException e) {
      return false; // Not a URI reference: an opaque topic, not a path in our namespace.
    }
    return path != null
        && (path.equals("/.well-known/mercure") || path.startsWith("/.well-known/mercure/"));
  }
}
