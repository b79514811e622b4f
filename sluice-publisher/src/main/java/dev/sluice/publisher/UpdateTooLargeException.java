package dev.sluice.publisher;

/** The update exceeds one of the hub's size limits ({@code 413}). Not retried. */
public final class UpdateTooLargeException extends PublishException {
  private static final long serialVersionUID = 1L;

  UpdateTooLargeException(String reason, int attempts) {
    super(413, reason, attempts, null);
  }
}
