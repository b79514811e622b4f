package dev.sluice.publisher;

/** The hub refused the update as malformed ({@code 400}), e.g. a topic in its reserved namespace. Not retried: the same request would fail again. */
public final class BadUpdateException extends PublishException {
  private static final long serialVersionUID = 1L;

  BadUpdateException(String reason, int attempts) {
    super(400, reason, attempts, null);
  }
}
