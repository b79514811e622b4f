package dev.sluice.hub.internal.auth;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.internal.auth.AuthorizationException.BearerError;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;

/**
 * Builds RFC 6750 section 3 {@code WWW-Authenticate: Bearer} values exactly as Mercure 1.0's
 * "Error Responses" shows them: a request without a token gets {@code Bearer
 * resource_metadata="…"} with no error code; a refused token gets {@code Bearer
 * error="invalid_token", resource_metadata="…"} (or {@code insufficient_scope},
 * {@code invalid_request}). No {@code error_description}: the reason a token failed is not
 * disclosed. All attribute values are fixed text or validated configuration, so nothing needs
 * escaping.
 */
public final class Challenge {
  private Challenge() {}

  /** @return the header value, or null when the answer is not an authentication challenge */
  public static String header(Reason reason, AuthConfig config) {
    if (reason == Reason.KEYS_UNAVAILABLE) {
      return null;
    }
    StringBuilder b = new StringBuilder("Bearer");
    String sep = " ";
    if (config.realm().isPresent()) {
      b.append(sep).append("realm=\"").append(config.realm().get()).append('"');
      sep = ", ";
    }
    if (reason.error() != BearerError.NONE) {
      b.append(sep).append("error=\"").append(reason.error().code()).append('"');
      sep = ", ";
    }
    if (config.resourceMetadata().isPresent()) {
      b.append(sep).append("resource_metadata=\"").append(config.resourceMetadata().get()).append('"');
    }
    return b.toString();
  }
}
