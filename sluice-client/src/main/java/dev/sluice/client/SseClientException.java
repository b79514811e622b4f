package dev.sluice.client;

import dev.sluice.SseException;

/**
 * Why an {@link EventSource} connection attempt failed: a network error, a bad response, a stream
 * that broke a limit, or a listener that threw. The subclasses name the cases callers act on.
 */
public class SseClientException extends SseException {
  private static final long serialVersionUID = 1L;

  public SseClientException(String message) {
    super(message);
  }

  public SseClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
