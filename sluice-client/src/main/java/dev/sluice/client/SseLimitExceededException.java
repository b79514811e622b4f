package dev.sluice.client;

import dev.sluice.LimitExceededException;

/**
 * The server sent a line or an event larger than the configured limits ({@link
 * EventSource.Builder#maxLineLength}, {@link EventSource.Builder#maxEventSize}). The connection is
 * closed and not retried: the server would send the same event again. The cause says which limit.
 */
public final class SseLimitExceededException extends SseClientException {
  private static final long serialVersionUID = 1L;

  public SseLimitExceededException(LimitExceededException cause) {
    super(cause.getMessage(), cause);
  }

  public LimitExceededException.Limit limit() {
    return ((LimitExceededException) getCause()).limit();
  }
}
