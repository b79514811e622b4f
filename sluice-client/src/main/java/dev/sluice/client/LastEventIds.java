package dev.sluice.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How Sluice puts a last event ID on the wire when it resumes a stream.
 *
 * <p>A browser sends {@code Last-Event-ID} as the ID's raw UTF-8 bytes. {@code java.net.http}
 * cannot: it refuses control characters and characters above U+00FF in header values, and on
 * HTTP/1.1 (JDK 17) it writes any other non-ASCII character as {@code ?}, which would resume from
 * the wrong place without a word. So Sluice sends:
 * <ul>
 *   <li>an ID made only of printable ASCII (U+0020 to U+007E) <b>verbatim</b>: byte for byte what
 *       a browser sends, which every server understands;
 *   <li>any other ID <b>percent-encoded</b>: its UTF-8 bytes, each byte outside {@code !}..{@code
 *       ~} and each {@code %} written as {@code %XX} with upper-case hex. {@code "日本-1"} is sent
 *       as {@code %E6%97%A5%E6%9C%AC-1}. The value is plain ASCII, so it arrives intact.
 * </ul>
 * A server that wants to resume such clients looks the value up as is (browsers, ASCII IDs) and,
 * when that fails and the value contains {@code %}, looks up {@link #decodeHeaderValue} of it
 * (docs/client.md, "Non-ASCII IDs", states this rule for Sluice's own server and hub).
 *
 * <p>Where the server supports it, the exact alternative is a query parameter: {@link
 * EventSource.Builder#lastEventIdQueryParameter(String)} sends the ID as a standard URL-encoded
 * parameter instead of the header, for example Mercure's {@code lastEventID}, which every Mercure
 * hub decodes to the exact ID.
 */
public final class LastEventIds {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private LastEventIds() {}

  /** True if {@code id} is sent verbatim: every character is printable ASCII or space. */
  public static boolean isVerbatim(String id) {
    for (int i = 0, n = id.length(); i < n; i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c > 0x7E) return false;
    }
    return true;
  }

  /** The {@code Last-Event-ID} header value Sluice sends for {@code id}, as this class describes. */
  public static String headerValue(String id) {
    Objects.requireNonNull(id, "id");
    if (isVerbatim(id)) return id;
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    StringBuilder result = new StringBuilder(utf8.length * 3);
    for (byte b : utf8) {
      int unsigned = b & 0xFF;
      if (unsigned > 0x20 && unsigned < 0x7F && unsigned != '%') {
        result.append((char) unsigned);
      } else {
        result.append('%').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xF]);
      }
    }
    return result.toString();
  }

  /**
   * Reverses {@link #headerValue} for a value that was percent-encoded: {@code %XX} sequences become
   * bytes, decoded as UTF-8. A value with a malformed {@code %} sequence is returned unchanged.
   */
  public static String decodeHeaderValue(String value) {
    Objects.requireNonNull(value, "value");
    if (value.indexOf('%') < 0) return value;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c == '%') {
        int high = i + 2 < n ? Character.digit(value.charAt(i + 1), 16) : -1;
        int low = i + 2 < n ? Character.digit(value.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) return value;
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c > 0x7F) {
        return value; // Not something headerValue wrote.
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** {@code uri} with {@code name=id} appended to its query, both URL-encoded as UTF-8. */
  static URI withQueryParameter(URI uri, String name, String id) {
    String parameter = queryEncode(name) + '=' + queryEncode(id);
    String query = uri.getRawQuery();
    String newQuery = query == null || query.isEmpty() ? parameter : query + '&' + parameter;
    String text = uri.toString();
    int fragment = text.indexOf('#');
    String base = fragment < 0 ? text : text.substring(0, fragment);
    int questionMark = base.indexOf('?');
    if (questionMark >= 0) base = base.substring(0, questionMark);
    try {
      return new URI(base + '?' + newQuery + (fragment < 0 ? "" : text.substring(fragment)));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot add the last event ID to " + uri, e);
    }
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters. */
  private static String queryEncode(String value) {
    StringBuilder result = new StringBuilder(value.length() + 16);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int unsigned = b & 0xFF;
      boolean unreserved = (unsigned >= 'a' && unsigned <= 'z') || (unsigned >= 'A' && unsigned <= 'Z')
          || (unsigned >= '0' && unsigned <= '9') || unsigned == '-' || unsigned == '.'
          || unsigned == '_' || unsigned == '~';
      if (unreserved) {
        result.append((char) unsigned);
      } else {
        result.append('%').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xF]);
      }
    }
    return result.toString();
  }
}
