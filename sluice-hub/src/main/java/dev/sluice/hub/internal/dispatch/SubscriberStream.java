package dev.sluice.hub.internal.dispatch;

import dev.sluice.ServerSentEvent;

/**
 * The dispatcher's view of one open event stream: the seam between the hub core and the HTTP
 * server. The server's {@code SseStream} is adapted to it.
 *
 * <p>Every method is thread-safe and non-blocking.
 */
public interface SubscriberStream {
  /** Sends one event; false if the stream is closed. */
  boolean send(ServerSentEvent event);

  /** Ends the stream after what was sent. Idempotent. */
  void close();

  boolean isOpen();

  /** Runs {@code callback} once when the stream closes; at once if it is closed already. */
  void onClose(Runnable callback);
}
