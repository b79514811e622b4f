package dev.sluice.client;

import java.util.Optional;

/**
 * A successful response that is not {@code text/event-stream}. As in a browser, the connection fails
 * and is not retried: the URL does not serve an event stream.
 */
public final class SseContentTypeException extends SseClientException {
  private static final long serialVersionUID = 1L;

  private final String contentType; // Nullable: the header was missing.

  public SseContentTypeException(String contentType, String uri) {
    super("expected Content-Type text/event-stream from " + uri + " but got "
        + (contentType == null ? "none" : contentType));
    this.contentType = contentType;
  }

  /** The Content-Type the server sent, if any. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }
}
