package dev.sluice.hub.internal.auth;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.List;
import java.util.Optional;

/** Finds one cookie in {@code Cookie} header values, with Netty's RFC 6265 decoder. */
final class CookieHeader {
  private CookieHeader() {}

  /**
   * The value of the first cookie called {@code name}, with surrounding double quotes removed.
   * Like browsers and the reference hub, the first occurrence wins when a name repeats; a bare
   * name without {@code =} is not a cookie (Netty's lax decoder skips it).
   */
  static Optional<String> find(List<String> headerValues, String name) {
    for (String header : headerValues) {
      for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(header)) {
        if (cookie.name().equals(name)) {
          return Optional.of(cookie.value());
        }
      }
    }
    return Optional.empty();
  }
}
