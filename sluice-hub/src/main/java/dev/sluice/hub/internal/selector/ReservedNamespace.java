package dev.sluice.hub.internal.selector;

import java.util.Optional;

/**
 * Whether a topic addresses the hub's own namespace ({@code /.well-known/mercure} and below), where
 * only the hub publishes (subscription events). Mercure 1.0 defines it on the topic resolved
 * against the hub URL by the WHATWG URL parser, dot segments removed and percent-encoded
 * unreserved characters decoded; whatever the scheme and authority.
 *
 * <p>It uses the same {@link TopicUrlParser} as URL pattern matching, so a topic is in the
 * namespace for this check exactly when subscription watchers' patterns could see it there: a
 * second parser (as {@code java.net.URI} was) disagrees on spaces, {@code |} or {@code \} and let
 * publishers forge subscription events. Stateless and thread-safe.
 */
public final class ReservedNamespace {
  private final String hubPath;
  private final UrlParts base;

  /** @param hubPath the hub's path, e.g. {@code /.well-known/mercure} */
  public ReservedNamespace(String hubPath) {
    this.hubPath = hubPath;
    this.base = TopicUrlParser.parse("https://hub.invalid" + hubPath, null).orElseThrow();
  }

  /** Whether {@code topic} lies in the namespace; a topic no URL parser can read does not. */
  public boolean contains(String topic) {
    Optional<UrlParts> parsed = TopicUrlParser.parse(topic, base);
    if (parsed.isEmpty() || parsed.get().opaquePath()) {
      return false;
    }
    String path = decodeUnreserved(parsed.get().pathname());
    return path.equals(hubPath) || path.startsWith(hubPath + "/");
  }

  /** Decodes {@code %XX} escapes of unreserved characters only: {@code %6D} is {@code m}, {@code %2F} stays. */
  static String decodeUnreserved(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        int high = Character.digit(path.charAt(i + 1), 16);
        int low = Character.digit(path.charAt(i + 2), 16);
        if (high >= 0 && low >= 0 && isUnreserved((char) (high << 4 | low))) {
          out.append((char) (high << 4 | low));
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
