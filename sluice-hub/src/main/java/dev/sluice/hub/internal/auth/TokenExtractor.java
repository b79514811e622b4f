package dev.sluice.hub.internal.auth;

import static java.util.Objects.requireNonNull;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the one token a request presents. Mercure 1.0: the {@code Authorization} header wins and
 * any cookie is then ignored; otherwise the configured cookie. No token is ever read from the URL
 * (RFC 9700), so a token there counts as no token at all.
 *
 * <p>Compatibility mode 8 adds what pre-1.0 clients send, after the header: the
 * {@code authorization} query parameter (once), then the configured cookie, then the
 * {@code mercureAuthorization} cookie. Immutable.
 */
public final class TokenExtractor {
  /** The pre-1.0 query parameter, read in compatibility mode only. */
  public static final String LEGACY_PARAMETER = "authorization";

  private final String cookieName;
  private final boolean compatibility;

  /** Where the token came from; publishing with a cookie needs a CSRF check. */
  public enum Location { HEADER, QUERY, COOKIE }

  public record Presented(String token, Location location) {}

  public TokenExtractor(String cookieName, boolean compatibility) {
    this.cookieName = requireNonNull(cookieName, "cookieName");
    this.compatibility = compatibility;
  }

  /**
   * @return the presented token, or empty when the request carries none
   * @throws TokenRejectedException when the carrier itself is malformed (a 400)
   */
  public Optional<Presented> extract(AuthRequest request) {
    List<String> headers = request.authorizationHeaders();
    if (!headers.isEmpty()) {
      return Optional.of(new Presented(bearer(headers), Location.HEADER));
    }
    if (compatibility) {
      List<String> legacy = request.queryParameter(LEGACY_PARAMETER);
      if (legacy.size() > 1) {
        // Two values would leave the choice of token ambiguous (RFC 6750 section 3.1).
        throw new TokenRejectedException(Reason.QUERY_TOKEN_REPEATED);
      }
      if (legacy.size() == 1) {
        return Optional.of(new Presented(legacy.get(0), Location.QUERY));
      }
    }
    Optional<Presented> cookie = cookie(request, cookieName);
    if (cookie.isEmpty() && compatibility && !cookieName.equals(AuthConfig.LEGACY_COOKIE_NAME)) {
      cookie = cookie(request, AuthConfig.LEGACY_COOKIE_NAME);
    }
    return cookie;
  }

  private static Optional<Presented> cookie(AuthRequest request, String name) {
    return CookieHeader.find(request.cookieHeaders(), name)
        .filter(value -> !value.isEmpty()) // A cleared cookie means "signed out", not "bad token".
        .map(value -> new Presented(value, Location.COOKIE));
  }

  private static String bearer(List<String> headers) {
    if (headers.size() != 1) {
      throw new TokenRejectedException(Reason.AUTHORIZATION_HEADER_MALFORMED);
    }
    String value = headers.get(0).strip();
    int space = value.indexOf(' ');
    // RFC 9110 section 11.1: the scheme is case-insensitive; RFC 6750: "Bearer" 1*SP b64token.
    if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      throw new TokenRejectedException(Reason.AUTHORIZATION_HEADER_MALFORMED);
    }
    String token = value.substring(space + 1).stripLeading();
    if (token.isEmpty() || token.indexOf(' ') >= 0) {
      throw new TokenRejectedException(Reason.AUTHORIZATION_HEADER_MALFORMED);
    }
    return token;
  }
}
