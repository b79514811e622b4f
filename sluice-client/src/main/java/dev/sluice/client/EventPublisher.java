package dev.sluice.client;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.internal.BoundedBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Flow.Publisher} of an event stream with demand-driven backpressure. Each subscriber gets
 * its own {@link EventSource}, opened when it subscribes and closed when it cancels. The source
 * reads at most the capacity ahead of demand; then its reader waits, and TCP slows the server.
 *
 * <p>The subscriber completes when the source closes cleanly (204) and gets {@code onError} with the
 * {@link SseClientException} that closed it otherwise. Retried failures are invisible here.
 * Signals follow the Reactive Streams rules: serial, never more {@code onNext} than requested.
 */
public final class EventPublisher implements Flow.Publisher<ServerSentEvent> {
  /** Default number of events read ahead of demand: 256. */
  public static final int DEFAULT_CAPACITY = 256;

  private final EventSource.Builder builder;
  private final int capacity;

  EventPublisher(EventSource.Builder builder, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
    this.builder = builder;
    this.capacity = capacity;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ServerSentEvent> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    EventSubscription subscription = new EventSubscription(subscriber, capacity);
    subscription.source = builder.build(subscription);
    subscriber.onSubscribe(subscription);
    subscription.source.start();
  }

  private static final class EventSubscription implements Flow.Subscription, EventSourceListener {
    private final Flow.Subscriber<? super ServerSentEvent> subscriber;
    private final BoundedBuffer<ServerSentEvent> buffer;
    private final AtomicLong requested = new AtomicLong();
    /** Drain-loop ownership: whoever moves it from 0 delivers; others just add to it. */
    private final AtomicInteger work = new AtomicInteger();
    private EventSource source; // Set before onSubscribe, so before any request.
    private volatile boolean sourceClosed;
    private volatile boolean cancelled;
    private volatile Throwable badRequest;

    EventSubscription(Flow.Subscriber<? super ServerSentEvent> subscriber, int capacity) {
      this.subscriber = subscriber;
      this.buffer = new BoundedBuffer<>(capacity);
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive");
      } else {
        requested.accumulateAndGet(n, (current, add) -> current + add < 0 ? Long.MAX_VALUE : current + add);
      }
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
      source.close();
      buffer.clear();
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      try {
        if (!buffer.put(event)) return; // Cancelled.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SseClientException("interrupted while waiting for demand", e);
      }
      drain();
    }

    @Override
    public void onClosed() {
      sourceClosed = true;
      drain();
    }

    private void drain() {
      if (work.getAndIncrement() != 0) return;
      int missed = 1;
      do {
        if (cancelled) return;
        if (badRequest != null) {
          cancel();
          subscriber.onError(badRequest);
          return;
        }
        long demand = requested.get();
        long emitted = 0;
        while (emitted != demand && !cancelled) {
          ServerSentEvent event = buffer.poll();
          if (event == null) break;
          subscriber.onNext(event);
          emitted++;
        }
        if (cancelled) return;
        if (sourceClosed && buffer.isEmpty()) {
          cancelled = true; // Terminal: no signal after this one.
          source.failure().ifPresentOrElse(subscriber::onError, subscriber::onComplete);
          return;
        }
        if (emitted != 0 && demand != Long.MAX_VALUE) requested.addAndGet(-emitted);
        missed = work.addAndGet(-missed);
      } while (missed != 0);
    }
  }
}
