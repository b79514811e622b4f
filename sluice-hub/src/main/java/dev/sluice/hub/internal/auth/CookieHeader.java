package dev.sluice.hub.internal.auth;

import java.util.List;
import java.util.Optional;

/** Finds one cookie in {@code Cookie} header values (RFC 6265 section 4.2). */
final class CookieHeader {
  private CookieHeader() {}

  /**
   * The value of the first cookie called {@code name}, with surrounding double quotes removed.
   * Like browsers and the reference hub, the first occurrence wins when a name repeats.
   */
  static Optional<String> find(List<String> headerValues, String name) {
    for (String header : headerValues) {
      int start = 0;
      while (start < header.length()) {
        int end = header.indexOf(';', start);
        if (end < 0) {
          end = header.length();
        }
        int eq = header.indexOf('=', start);
        if (eq > start && eq < end && header.substring(start, eq).trim().equals(name)) {
          return Optional.of(unquote(header.substring(eq + 1, end).trim()));
        }
        start = end + 1;
      }
    }
    return Optional.empty();
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
