package dev.sluice.publisher;

/** The token is valid but does not grant publishing on these topics ({@code 403}). Not retried. */
public final class ForbiddenException extends PublishException {
  private static final long serialVersionUID = 1L;

  ForbiddenException(String reason, int attempts) {
    super(403, reason, attempts, null);
  }
}
