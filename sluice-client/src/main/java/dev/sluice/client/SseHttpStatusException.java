package dev.sluice.client;

/**
 * The server answered with a status other than 200 (or 204, which stops the source without a
 * failure). {@code 5xx} and {@code 429} are retried as the {@link ErrorStrategy} decides, after any
 * {@code Retry-After} the server gave; other statuses close the {@link EventSource}.
 */
public final class SseHttpStatusException extends SseClientException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public SseHttpStatusException(int status, String uri) {
    super("HTTP " + status + " from " + uri);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** True for the statuses worth retrying: any 5xx, and 429 Too Many Requests. */
  public boolean retryable() {
    return status >= 500 || status == 429;
  }
}
