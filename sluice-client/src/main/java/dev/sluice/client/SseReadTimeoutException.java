package dev.sluice.client;

import java.time.Duration;

/** No byte, not even a comment, arrived within the read timeout; the connection was dropped. */
public final class SseReadTimeoutException extends SseClientException {
  private static final long serialVersionUID = 1L;

  private final Duration readTimeout;

  public SseReadTimeoutException(Duration readTimeout) {
    super("no data received for " + readTimeout.toMillis() + " ms; dropping the connection");
    this.readTimeout = readTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }
}
