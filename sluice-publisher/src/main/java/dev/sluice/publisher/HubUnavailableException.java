package dev.sluice.publisher;

/**
 * The hub could not take the update: it answered {@code 502}, {@code 503} or {@code 504}, or could
 * not be reached in time, on every attempt the {@link RetryPolicy} allowed.
 *
 * <p>After a timeout the hub may have stored the update without answering. The update carried the
 * same id on every attempt, so a subscriber can tell a duplicate by its id.
 */
public final class HubUnavailableException extends PublishException {
  private static final long serialVersionUID = 1L;

  HubUnavailableException(int status, String reason, int attempts, Throwable cause) {
    super(status, reason, attempts, cause);
  }
}
