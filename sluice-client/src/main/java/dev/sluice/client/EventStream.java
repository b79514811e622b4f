package dev.sluice.client;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.internal.BoundedBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Pull-style reading of an {@link EventSource}: a blocking iterator over its events. The source
 * reads ahead by at most the capacity; past that its reader waits for the consumer, so a slow
 * consumer slows the server down instead of filling memory.
 *
 * <p>Iteration ends when the source closes: cleanly (204, or {@link #close()}) by {@code hasNext()}
 * returning false; on a failure not retried by {@code hasNext()} throwing it, once the events read
 * before it were taken. Retried failures are invisible here; use a listener to watch them.
 *
 * <pre>{@code
 * try (EventStream events = EventSource.builder(uri).post(prompt).stream()) {
 *   for (ServerSentEvent event : events) {
 *     if (event.data().equals("[DONE]")) break;
 *     System.out.print(event.data());
 *   }
 * }
 * }</pre>
 * One thread iterates; {@link #close()} may be called from any thread.
 */
public final class EventStream implements Iterable<ServerSentEvent>, AutoCloseable {
  /** Default number of events read ahead of the consumer: 256. */
  public static final int DEFAULT_CAPACITY = 256;

  private final BoundedBuffer<ServerSentEvent> buffer;
  private final EventSource source;
  private boolean iteratorTaken; // Consumer thread only.

  private EventStream(EventSource.Builder builder, int capacity) {
    this.buffer = new BoundedBuffer<>(capacity);
    this.source = builder.build(new EventSourceListener() {
      @Override
      public void onEvent(ServerSentEvent event) {
        try {
          buffer.put(event); // Blocks the reader while the consumer is behind.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SseClientException("interrupted while waiting for the consumer", e);
        }
      }

      @Override
      public void onClosed() {
        buffer.close();
      }
    });
  }

  static EventStream open(EventSource.Builder builder, int capacity) {
    EventStream stream = new EventStream(builder, capacity);
    stream.source.start();
    return stream;
  }

  /** The source behind this stream, for its state and last event ID. */
  public EventSource source() {
    return source;
  }

  /**
   * The next event, waiting up to {@code timeout}; empty on timeout or once the stream is over.
   *
   * @throws SseClientException the failure that closed the source, once its events were taken
   */
  public Optional<ServerSentEvent> poll(Duration timeout) throws InterruptedException {
    ServerSentEvent event = buffer.poll(timeout);
    if (event == null && source.readyState() == ReadyState.CLOSED && buffer.isEmpty()) throwFailure();
    return Optional.ofNullable(event);
  }

  /** The events, blocking for each; may be called once. */
  @Override
  public Iterator<ServerSentEvent> iterator() {
    if (iteratorTaken) throw new IllegalStateException("an EventStream can be iterated once");
    iteratorTaken = true;
    return new Iterator<>() {
      private ServerSentEvent next;

      @Override
      public boolean hasNext() {
        if (next != null) return true;
        try {
          next = buffer.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SseClientException("interrupted while waiting for an event", e);
        }
        if (next == null) throwFailure();
        return next != null;
      }

      @Override
      public ServerSentEvent next() {
        if (!hasNext()) throw new NoSuchElementException();
        ServerSentEvent result = next;
        next = null;
        return result;
      }
    };
  }

  /** Closes the source and drops unread events. Idempotent, from any thread. */
  @Override
  public void close() {
    source.close();
    buffer.clear(); // Wakes a reader blocked on a full buffer.
  }

  private void throwFailure() {
    Optional<SseClientException> failure = source.failure();
    if (failure.isPresent()) throw failure.get();
  }
}
