package dev.sluice.hub.internal.selector;

import java.util.Locale;
import java.util.Map;

/**
 * The eight components of a URL as URL Pattern sees them: {@code search} and {@code hash} without
 * their {@code ?} and {@code #}, {@code port} empty when it is the scheme's default. Produced by
 * {@link TopicUrlParser}; this class also holds the percent-encode sets both topics and the fixed
 * text of patterns are canonicalized with, so the two sides compare alike.
 */
record UrlParts(String protocol, String username, String password, String hostname, String port,
    String pathname, String search, String hash, boolean opaquePath) {

  static final Map<String, String> SPECIAL_SCHEME_PORTS =
      Map.of("http", "80", "https", "443", "ws", "80", "wss", "443", "ftp", "21", "file", "");

  // WHATWG URL percent-encode sets (ASCII part; everything non-ASCII is always encoded).
  private static final CharSet C0_CONTROL = CharSet.ranges("\u0000\u001f").plus("\u007f");
  private static final CharSet FRAGMENT = C0_CONTROL.plus(" \"<>`");
  private static final CharSet QUERY = C0_CONTROL.plus(" \"#<>");
  private static final CharSet SPECIAL_QUERY = QUERY.plus("'");
  private static final CharSet PATH = QUERY.plus("?`{}");
  private static final CharSet USERINFO = PATH.plus("/:;=@[\\]^|");

  static boolean isSpecial(String scheme) {
    return SPECIAL_SCHEME_PORTS.containsKey(scheme);
  }

  static String lowerAscii(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static String encodePath(String s) {
    return encode(s, PATH);
  }

  static String encodeOpaquePath(String s) {
    return encode(s, C0_CONTROL);
  }

  static String encodeQuery(String s, boolean special) {
    return encode(s, special ? SPECIAL_QUERY : QUERY);
  }

  static String encodeFragment(String s) {
    return encode(s, FRAGMENT);
  }

  static String encodeUserinfo(String s) {
    return encode(s, USERINFO);
  }

  /** Percent-encodes the characters of {@code set} and every non-ASCII character, as UTF-8. */
  static String encode(String s, CharSet set) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      boolean encode = cp >= 0x80 || set.contains(cp);
      if (encode && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (encode) {
        for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
      } else if (out != null) {
        out.appendCodePoint(cp);
      }
      i += n;
    }
    return out == null ? s : out.toString();
  }
}
