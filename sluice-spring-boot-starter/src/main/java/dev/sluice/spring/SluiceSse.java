package dev.sluice.spring;

import static java.util.Objects.requireNonNull;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import dev.sluice.client.SseClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Spring MVC's side of the backplane: an {@link SseEmitter} fed from a hub topic, so an
 * application's own SSE endpoint works across instances and resumes where the browser left off.
 *
 * <pre>{@code
 * @GetMapping(path = "/books/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
 * SseEmitter updates(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
 *   return sluiceSse.emitter("https://example.com/books", lastEventId);
 * }
 * }</pre>
 *
 * <h3>What the browser gets</h3>
 * Each hub event with its id, type and data unchanged, so the browser's {@code Last-Event-ID} on
 * reconnect (to this instance or any other) is a hub id, and the hub replays from it: nothing lost,
 * nothing repeated. A comment every {@code sluice.sse.heartbeat}; a {@code retry} field first if
 * {@code sluice.sse.reconnect-delay} is set.
 *
 * <h3>Resources and bounds</h3>
 * One hub subscription per emitter ({@link HubSubscriptions} says why), closed when the emitter
 * completes, times out ({@code sluice.sse.timeout}) or fails: a browser that went away is noticed
 * at the latest by the next heartbeat's failed write. The hub subscription's own reader thread writes
 * to the browser, so nothing is queued in the application: a browser that does not read holds back
 * only its own hub subscription, whose queue the hub bounds (it drops a subscriber that falls too
 * far behind; the subscription then reconnects from its last id). Thread-safe.
 */
public final class SluiceSse implements SmartLifecycle, AutoCloseable {
  private static final Log log = LogFactory.getLog(SluiceSse.class);

  private final HubSubscriptions subscriptions;
  private final Duration heartbeat;
  private final Duration timeout;
  private final Duration reconnectDelay; // Null: no retry field.
  private final ScheduledExecutorService heartbeats;
  private final Set<Forwarder> open = ConcurrentHashMap.newKeySet();
  private volatile boolean running;

  public SluiceSse(HubSubscriptions subscriptions, Duration heartbeat, Duration timeout, Duration reconnectDelay) {
    this.subscriptions = requireNonNull(subscriptions, "subscriptions");
    this.heartbeat = Backplane.positive(heartbeat, "sluice.sse.heartbeat");
    this.timeout = Backplane.positive(timeout, "sluice.sse.timeout");
    this.reconnectDelay = reconnectDelay;
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(Backplane.daemonThreads("sluice-sse-heartbeat"));
  }

  /**
   * An emitter streaming {@code topic}'s updates after {@code lastEventId}.
   *
   * @param lastEventId the request's {@code Last-Event-ID} header; null or empty for live updates only
   */
  public SseEmitter emitter(String topic, String lastEventId) {
    SseEmitter emitter = new SseEmitter(timeout.toMillis());
    Forwarder forwarder = new Forwarder(emitter, open);
    open.add(forwarder);
    if (reconnectDelay != null) {
      forwarder.send(SseEmitter.event().reconnectTime(reconnectDelay.toMillis()));
    }
    forwarder.source = subscriptions.open(topic, lastEventId, forwarder);
    forwarder.beat = heartbeats.scheduleAtFixedRate(() -> forwarder.send(SseEmitter.event().comment("")),
        heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    emitter.onCompletion(forwarder::stop);
    emitter.onTimeout(forwarder::stop);
    emitter.onError(error -> forwarder.stop());
    if (forwarder.stopped.get()) {
      forwarder.stop(); // Stopped before source or beat was set: close what the first stop missed.
    }
    return emitter;
  }

  /** Ends every open stream, then stops the heartbeat thread. */
  @Override
  public void close() {
    endOpenStreams();
    heartbeats.shutdownNow();
  }

  /** Browser streams open now on this instance. */
  public int openStreams() {
    return open.size();
  }

  private void endOpenStreams() {
    for (Forwarder forwarder : open) {
      forwarder.stop();
      forwarder.emitter.complete();
    }
  }

  @Override
  public void start() {
    running = true;
  }

  /**
   * Ends every open browser stream when the application shuts down, before the web server's
   * graceful shutdown waits for requests to finish: an SSE response never finishes by itself, and
   * its browser should move to another instance now (it reconnects with its last id).
   */
  @Override
  public void stop() {
    running = false;
    endOpenStreams();
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

  /** Moves one hub subscription's events to one emitter. */
  private static final class Forwarder implements EventSourceListener {
    final SseEmitter emitter;
    private final Set<Forwarder> open;
    private final AtomicBoolean stopped = new AtomicBoolean();
    volatile EventSource source; // Set once, right after opening.
    volatile ScheduledFuture<?> beat; // Set once, right after scheduling.

    Forwarder(SseEmitter emitter, Set<Forwarder> open) {
      this.emitter = emitter;
      this.open = open;
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      SseEmitter.SseEventBuilder out = SseEmitter.event().data(event.data());
      event.id().ifPresent(out::id);
      event.event().ifPresent(out::name);
      send(out);
    }

    @Override
    public void onError(SseClientException error) {
      if (log.isDebugEnabled()) {
        log.debug("hub subscription interrupted, reconnecting: " + error.getMessage());
      }
    }

    @Override
    public void onClosed() {
      // The hub subscription ended for good (closed by stop(), or a failure the client does not
      // retry, such as 401): end the browser's stream too; it reconnects with its last id.
      if (!stopped.get()) {
        EventSource s = source;
        log.warn("hub subscription closed" + (s == null ? "" : s.failure().map(f -> ": " + f.getMessage()).orElse(""))
            + "; ending the browser's stream");
        emitter.complete();
      }
      stop();
    }

    /** Sends, or stops everything if the browser is gone (the container then completes the emitter). */
    void send(SseEmitter.SseEventBuilder event) {
      if (stopped.get()) {
        return;
      }
      try {
        emitter.send(event);
      } catch (IOException | IllegalStateException e) {
        // IOException: the browser went away. IllegalStateException: the emitter already completed.
        if (log.isDebugEnabled()) {
          log.debug("browser stream ended: " + e);
        }
        stop();
        emitter.complete(); // No-op if already complete; otherwise the browser must not wait on a dead stream.
      }
    }

    /** Idempotent; emitter() calls it again if a stop raced with the setup. */
    void stop() {
      stopped.set(true);
      open.remove(this);
      ScheduledFuture<?> b = beat;
      if (b != null) {
        b.cancel(false);
      }
      EventSource s = source;
      if (s != null) {
        s.close();
      }
    }
  }
}
