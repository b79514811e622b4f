package dev.sluice.publisher;

/** The hub refused the token ({@code 401}): none given, expired, badly signed, or of the wrong shape. Not retried. */
public final class UnauthorizedException extends PublishException {
  private static final long serialVersionUID = 1L;

  UnauthorizedException(String reason, int attempts) {
    super(401, reason, attempts, null);
  }
}
