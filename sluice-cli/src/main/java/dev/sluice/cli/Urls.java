package dev.sluice.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a URL typed on the command line the way a browser's URL parser would accept it.
 *
 * <p>{@code java.net.URI} refuses characters such as <code>{ } | ^ `</code>, spaces and non-ASCII
 * letters, which people type in Mercure topic selectors (<code>?topic=…/books/{id}</code>) and
 * which a browser's {@code EventSource} sends without complaint. We percent-encode exactly those
 * characters (existing {@code %XX} escapes are left alone), so the server decodes the same value
 * the user typed.
 */
final class Urls {
  private static final String ALLOWED = "-._~:/?#[]@!$&'()*+,;=%";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Urls() {}

  static URI parse(String url) throws URISyntaxException {
    return new URI(encodeIllegal(url));
  }

  static String encodeIllegal(String url) {
    StringBuilder result = null;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (isAllowed(c)) {
        if (result != null) result.append(c);
        continue;
      }
      if (result == null) result = new StringBuilder(url.length() + 16).append(url, 0, i);
      int end = Character.isHighSurrogate(c) && i + 1 < url.length() ? i + 2 : i + 1;
      for (byte b : url.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        result.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
      i = end - 1;
    }
    return result == null ? url : result.toString();
  }

  private static boolean isAllowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || ALLOWED.indexOf(c) >= 0;
  }
}
