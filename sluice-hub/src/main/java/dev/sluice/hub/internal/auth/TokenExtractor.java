package dev.sluice.hub.internal.auth;

import static java.util.Objects.requireNonNull;

import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the one token a request presents, by the draft's precedence: the {@code Authorization}
 * header, then the query parameter, then the cookie. Lower-ranked carriers are ignored, not
 * refused, when a higher one is present. Immutable.
 */
public final class TokenExtractor {
  /** The current draft's query parameter (RFC 6750 section 2.3). */
  public static final String ACCESS_TOKEN_PARAMETER = "access_token";
  /** The earlier drafts' query parameter. */
  public static final String LEGACY_PARAMETER = "authorization";

  private final String cookieName;
  private final boolean queryTokensAccepted;

  /** Where the token came from; publishing with a cookie needs a CSRF check. */
  public enum Location { HEADER, QUERY, COOKIE }

  public record Presented(String token, Location location) {}

  public TokenExtractor(String cookieName, boolean queryTokensAccepted) {
    this.cookieName = requireNonNull(cookieName, "cookieName");
    this.queryTokensAccepted = queryTokensAccepted;
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
    List<String> modern = request.queryParameter(ACCESS_TOKEN_PARAMETER);
    List<String> legacy = request.queryParameter(LEGACY_PARAMETER);
    if (!modern.isEmpty() || !legacy.isEmpty()) {
      if (!queryTokensAccepted) {
        throw new TokenRejectedException(Reason.QUERY_TOKEN_DISABLED);
      }
      // Two values, under one name or both, would leave the choice of token ambiguous
      // (RFC 6750 section 3.1: "repeats the same parameter").
      if (modern.size() + legacy.size() > 1) {
        throw new TokenRejectedException(Reason.QUERY_TOKEN_REPEATED);
      }
      String token = modern.isEmpty() ? legacy.get(0) : modern.get(0);
      return Optional.of(new Presented(token, Location.QUERY));
    }
    return CookieHeader.find(request.cookieHeaders(), cookieName)
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
