package dev.sluice.hub.internal.auth;

import dev.sluice.hub.internal.auth.AuthorizationException.Reason;

/**
 * Thrown inside this package when a request or token is refused; the {@code Authorizer} turns it
 * into an {@code AuthorizationException} with the configured challenge. Carries no stack trace:
 * garbage tokens are cheap to send and should be cheap to refuse.
 */
public final class TokenRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Reason reason;

  public TokenRejectedException(Reason reason) {
    super(reason.name(), null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
