package dev.sluice.spring;

import static java.util.Objects.requireNonNull;

import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Sinks;

/**
 * WebFlux's side of the backplane: a {@code Flux<ServerSentEvent<String>>} fed from a hub topic,
 * so an application's own SSE endpoint works across instances and resumes where the browser left
 * off. Also usable from Spring MVC, which streams a returned {@code Flux} as well.
 *
 * <pre>{@code
 * @GetMapping(path = "/books/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
 * Flux<ServerSentEvent<String>> updates(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
 *   return sluiceFlux.flux("https://example.com/books", lastEventId);
 * }
 * }</pre>
 *
 * <h3>What the browser gets</h3>
 * As {@link SluiceSse}: each hub event with its id, type and data unchanged, heartbeat comments,
 * and a leading {@code retry} field if {@code sluice.sse.reconnect-delay} is set.
 *
 * <h3>Resources and bounds</h3>
 * Each subscription to the flux opens one hub subscription and closes it when the flux ends: the
 * browser disconnects (WebFlux cancels), {@code sluice.sse.timeout} passes, or the hub subscription
 * fails for good. At most {@code sluice.sse.buffer-size} events (plus one in flight) wait for a
 * browser that does not keep up; past that the hub subscription closes at once, the response ends
 * after what was buffered, and the browser reconnects with its last id, so the hub replays what it
 * missed instead of this instance buffering without bound. Thread-safe.
 */
public final class SluiceFlux implements SmartLifecycle {
  private final HubSubscriptions subscriptions;
  private final Duration heartbeat;
  private final Duration timeout;
  private final Duration reconnectDelay; // Null: no retry field.
  private final int bufferSize;
  /** Completes at shutdown, which ends every open flux. */
  private final Sinks.Empty<Void> shutdown = Sinks.empty();
  private volatile boolean running;

  public SluiceFlux(HubSubscriptions subscriptions, Duration heartbeat, Duration timeout, Duration reconnectDelay,
      int bufferSize) {
    this.subscriptions = requireNonNull(subscriptions, "subscriptions");
    this.heartbeat = Backplane.positive(heartbeat, "sluice.sse.heartbeat");
    this.timeout = Backplane.positive(timeout, "sluice.sse.timeout");
    this.reconnectDelay = reconnectDelay;
    if (bufferSize < 1) {
      throw new IllegalArgumentException("sluice.sse.buffer-size must be >= 1: " + bufferSize);
    }
    this.bufferSize = bufferSize;
  }

  /**
   * {@code topic}'s updates after {@code lastEventId}; the hub subscription opens when the flux is
   * subscribed to, once per subscriber.
   *
   * @param lastEventId the request's {@code Last-Event-ID} header; null or empty for live updates only
   */
  public Flux<ServerSentEvent<String>> flux(String topic, String lastEventId) {
    requireNonNull(topic, "topic");
    return Flux.defer(() -> {
      Sinks.Empty<Void> done = Sinks.empty();
      Flux<ServerSentEvent<String>> events = hubEvents(topic, lastEventId)
          .onBackpressureBuffer(bufferSize, dropped -> {}, BufferOverflowStrategy.ERROR)
          .onErrorResume(Exceptions::isOverflow, e -> Flux.empty()) // The browser resumes from its last id.
          .doFinally(signal -> done.tryEmitEmpty());
      Flux<ServerSentEvent<String>> beats = Flux.interval(heartbeat, heartbeat)
          .onBackpressureDrop()
          .map(tick -> ServerSentEvent.<String>builder().comment("").build())
          .takeUntilOther(done.asMono());
      Flux<ServerSentEvent<String>> first = reconnectDelay == null ? Flux.empty()
          : Flux.just(ServerSentEvent.<String>builder().retry(reconnectDelay).build());
      // Prefetch 1: merge's own queue would otherwise hold 32 events on top of buffer-size.
      return first.concatWith(Flux.merge(1, events, beats)).take(timeout).takeUntilOther(shutdown.asMono());
    });
  }

  @Override
  public void start() {
    running = true;
  }

  /**
   * Ends every open flux when the application shuts down, before the web server's graceful
   * shutdown waits for requests to finish: an SSE response never finishes by itself, and its
   * browser should move to another instance now (it reconnects with its last id).
   */
  @Override
  public void stop() {
    running = false;
    shutdown.tryEmitEmpty();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops first: higher than the web server's graceful-shutdown phase. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }

  private Flux<ServerSentEvent<String>> hubEvents(String topic, String lastEventId) {
    return Flux.create(sink -> {
      EventSource source = subscriptions.open(topic, lastEventId, new EventSourceListener() {
        @Override
        public void onEvent(dev.sluice.ServerSentEvent event) {
          ServerSentEvent.Builder<String> out = ServerSentEvent.builder(event.data());
          event.id().ifPresent(out::id);
          event.event().ifPresent(out::event);
          sink.next(out.build());
        }

        @Override
        public void onClosed() {
          sink.complete(); // Ignored if the sink was cancelled first.
        }
      });
      sink.onDispose(source::close);
    }, FluxSink.OverflowStrategy.BUFFER); // Unbounded here, bounded by onBackpressureBuffer right after.
  }
}
