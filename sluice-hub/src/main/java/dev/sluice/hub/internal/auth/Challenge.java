package dev.sluice.hub.internal.auth;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.internal.auth.AuthorizationException.BearerError;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;

/**
 * Builds RFC 6750 section 3 {@code WWW-Authenticate: Bearer} values. A request without a token
 * gets a bare challenge with no error code, as section 3.1 asks; the draft adds RFC 9728's
 * {@code resource_metadata}. All attribute values are fixed text or validated configuration, so
 * nothing needs escaping.
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
      b.append(", error_description=\"").append(reason.message()).append('"');
      sep = ", ";
    }
    if (config.resourceMetadata().isPresent()) {
      b.append(sep).append("resource_metadata=\"").append(config.resourceMetadata().get()).append('"');
    }
    return b.toString();
  }
}
