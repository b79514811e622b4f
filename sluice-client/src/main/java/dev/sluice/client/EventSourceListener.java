package dev.sluice.client;

import dev.sluice.ServerSentEvent;
import java.time.Duration;

/**
 * Receives what an {@link EventSource} sees. Callbacks run on the source's reader thread, one at a
 * time and in stream order, never concurrently; a slow callback holds back reading (and so, through
 * TCP, the server) instead of queueing without bound. {@link #onClosed} is called exactly once,
 * last. Only {@link #onEvent} must be implemented.
 *
 * <p>A callback that throws closes the source: the exception is reported to {@link #onError} as the
 * cause of an {@link SseClientException}, since going on would lose the event it failed on.
 */
@FunctionalInterface
public interface EventSourceListener {
  /** A stream opened: the server answered 2xx with {@code text/event-stream}. */
  default void onOpen() {}

  /**
   * An event was dispatched. {@link ServerSentEvent#type()} is its type ({@code message} unless the
   * stream named one) and {@link ServerSentEvent#id()} the last event ID in effect, as a browser's
   * {@code MessageEvent.lastEventId}.
   */
  void onEvent(ServerSentEvent event);

  /** A comment line, such as a heartbeat; the text after the colon. */
  default void onComment(String comment) {}

  /** The stream set the reconnection time with a valid {@code retry} field. */
  default void onRetry(Duration retry) {}

  /**
   * An attempt failed. If the failure is retried the source goes back to {@link
   * ReadyState#CONNECTING}; otherwise {@link #onClosed} follows at once.
   */
  default void onError(SseClientException error) {}

  /** The source closed for good. {@link EventSource#failure()} says why, if it was a failure. */
  default void onClosed() {}
}
