package dev.sluice.server;

import dev.sluice.ServerSentEvent;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * One open {@code text/event-stream} response: the handle a handler keeps to push events.
 *
 * <h3>Threading</h3>
 * Every method is thread-safe and non-blocking; call it from any thread. Events sent from one thread
 * arrive in the order sent. Writes are coalesced: events sent in one event-loop turn reach the socket
 * with one flush.
 *
 * <h3>Backpressure</h3>
 * A client that reads slower than events are sent fills this stream's bounded outbound queue
 * ({@link SseServer.Builder#streamQueueLimits}); past the limit the stream is closed, a line is logged
 * and {@link ServerStats#slowStreamCloses()} counts it. Other streams are unaffected.
 *
 * <h3>Closing</h3>
 * A stream closes when the handler calls {@link #close()}, the client goes away (noticed at once, and
 * at the latest by the next heartbeat write), it is too slow, or the server stops. Then
 * {@link #onClose} callbacks run exactly once, scheduled tasks are cancelled and sends return
 * {@code false}.
 */
public interface SseStream {
  /**
   * Sends one event.
   *
   * @return {@code false} if the stream is closed and the event was dropped
   */
  boolean send(ServerSentEvent event);

  /**
   * Sends a pre-encoded event, the cheap way to send one event to many streams. This stream takes its
   * own reference; the caller keeps (and must still release) its reference.
   *
   * @return {@code false} if the stream is closed and the event was dropped
   */
  boolean send(EncodedEvent event);

  /** Sends a comment line, which receivers ignore. Line breaks make several comment lines. */
  boolean comment(String text);

  /** Tells the client how long to wait before reconnecting (the {@code retry:} field). */
  boolean retry(Duration delay);

  /**
   * Ends the stream after the events already sent, then releases the connection (HTTP/1.1) or ends
   * the HTTP/2 stream. Idempotent.
   */
  void close();

  /**
   * Runs {@code callback} once when the stream closes, for whatever reason; at once (on the calling
   * thread) if it is already closed. Callbacks run on the stream's event loop and must not block.
   */
  void onClose(Runnable callback);

  /** Whether events can still be sent. */
  boolean isOpen();

  /** Runs timed tasks on this stream's event loop and cancels them when the stream closes. */
  StreamScheduler scheduler();

  /**
   * The event loop this stream's I/O runs on. Work submitted here runs in order with the stream's
   * writes; a dispatcher can group streams by it to fan out on every core at once.
   */
  Executor executor();
}
