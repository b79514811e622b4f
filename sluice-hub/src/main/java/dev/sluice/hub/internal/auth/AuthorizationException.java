package dev.sluice.hub.internal.auth;

import static java.util.Objects.requireNonNull;

import dev.sluice.server.HttpStatusException;
import java.util.Map;
import java.util.Optional;

/**
 * A request that may not go ahead, with everything the HTTP layer needs to answer it: the
 * {@link #status()} (400, 401, 403, or 503 when the JWKS is unreachable), a ready
 * {@code WWW-Authenticate} value (also in {@link #headers()}), and a short plain message for the
 * body. It is the server's {@link HttpStatusException}, so it travels unchanged to the wire.
 *
 * <p>The message never says <em>why</em> a presented token failed (Mercure 1.0 asks hubs not to
 * disclose it); {@link #reason()} does, for logs and metrics only. Nothing here ever contains the
 * token or a key.
 */
public final class AuthorizationException extends HttpStatusException {
  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final transient String wwwAuthenticate; // Null only for KEYS_UNAVAILABLE.

  public AuthorizationException(Reason reason, String wwwAuthenticate) {
    super(requireNonNull(reason, "reason").status(), reason.message(),
        wwwAuthenticate == null ? Map.of() : Map.of("WWW-Authenticate", wwwAuthenticate));
    this.reason = reason;
    this.wwwAuthenticate = wwwAuthenticate;
  }

  /** The RFC 6750 error code of a challenge. */
  public enum BearerError {
    /** No error code: the request carried no token. */
    NONE(""),
    INVALID_REQUEST("invalid_request"),
    INVALID_TOKEN("invalid_token"),
    INSUFFICIENT_SCOPE("insufficient_scope");

    private final String code;

    BearerError(String code) {
      this.code = code;
    }

    /** The {@code error} attribute value; empty for {@link #NONE}. */
    public String code() {
      return code;
    }
  }

  /** Why the request was refused. Safe to log and to use as a metric tag. */
  public enum Reason {
    TOKEN_MISSING(401, BearerError.NONE, "An access token is required"),
    AUTHORIZATION_HEADER_MALFORMED(400, BearerError.INVALID_REQUEST,
        "The Authorization header must be a single Bearer credential"),
    QUERY_TOKEN_REPEATED(400, BearerError.INVALID_REQUEST,
        "The access token query parameter must appear once"),
    COOKIE_ORIGIN_MISSING(400, BearerError.INVALID_REQUEST,
        "Publishing with a cookie needs an Origin or Referer header"),
    COOKIE_ORIGIN_NOT_ALLOWED(400, BearerError.INVALID_REQUEST,
        "This origin may not publish with a cookie"),
    TOKEN_MALFORMED(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    TOKEN_TOO_LARGE(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    ALGORITHM_NOT_ALLOWED(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    KEY_UNKNOWN(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    SIGNATURE_INVALID(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    TYPE_NOT_ALLOWED(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    EXPIRED(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    NOT_YET_VALID(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    EXPIRY_MISSING(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    AUDIENCE_NOT_ACCEPTED(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    ISSUER_NOT_ACCEPTED(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    CLAIMS_INVALID(401, BearerError.INVALID_TOKEN, Reason.INVALID),
    SCOPE_INSUFFICIENT(403, BearerError.INSUFFICIENT_SCOPE,
        "The access token does not allow this operation"),
    /** The JWKS could not be fetched and no usable cached copy exists: the hub's fault, not the client's. */
    KEYS_UNAVAILABLE(503, BearerError.NONE, "The hub cannot verify tokens right now");

    private static final String INVALID = "The access token is invalid";

    private final int status;
    private final BearerError error;
    private final String message;

    Reason(int status, BearerError error, String message) {
      this.status = status;
      this.error = error;
      this.message = message;
    }

    public int status() {
      return status;
    }

    public BearerError error() {
      return error;
    }

    /** The short, plain text sent to the client as the body (never in the challenge). */
    public String message() {
      return message;
    }
  }

  public Reason reason() {
    return reason;
  }

  public BearerError error() {
    return reason.error();
  }

  /** The {@code WWW-Authenticate} header value; absent only for a 503. */
  public Optional<String> wwwAuthenticate() {
    return Optional.ofNullable(wwwAuthenticate);
  }
}
