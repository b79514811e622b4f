package dev.sluice.spring;

import static java.util.Objects.requireNonNull;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import dev.sluice.client.SseClientException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Opens hub subscriptions for the backplane ({@link SluiceSse}, {@link SluiceFlux}): one
 * {@link EventSource} per browser connection, resuming from the browser's {@code Last-Event-ID}.
 * Thread-safe.
 *
 * <h3>Why one hub subscription per browser, not one per topic per instance</h3>
 * A browser that reconnects asks for the events after <em>its</em> last id; only the hub holds that
 * history, so each reconnect needs its own replay from the hub anyway. A shared per-topic stream
 * would have to splice every browser's replay into the live stream without losing or repeating an
 * id at the seam, or keep a second copy of the history in every instance. One subscription per
 * browser is exact by construction, and fan-out to many connections is what the hub is built for.
 * The cost is one hub connection (and one client reader thread) per open browser stream; an
 * instance with very many browsers per topic is the case for a shared stream (a follow-up).
 */
public final class HubSubscriptions {
  private final URI hub;
  private final Supplier<String> token; // Returns null: no Authorization header.
  private final AtomicInteger open = new AtomicInteger();

  public HubSubscriptions(URI hub, Supplier<String> token) {
    this.hub = requireNonNull(hub, "hub");
    this.token = requireNonNull(token, "token");
  }

  /**
   * Subscribes to {@code topic} from after {@code lastEventId} (null or empty: live events only),
   * and starts receiving. The returned source reconnects by itself when the hub connection breaks,
   * resuming after the last id it delivered. The caller must close it.
   */
  public EventSource open(String topic, String lastEventId, EventSourceListener listener) {
    requireNonNull(topic, "topic");
    if (topic.isEmpty()) {
      throw new IllegalArgumentException("topic is empty");
    }
    EventSource.Builder builder = EventSource.builder(URI.create(hub + (hub.getRawQuery() == null ? "?" : "&")
            + "match=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)))
        .headers(() -> {
          String t = token.get(); // Asked on every (re)connect, so minted tokens stay fresh.
          return t == null ? Map.of() : Map.of("Authorization", "Bearer " + t);
        })
        .listener(new Counted(listener));
    if (lastEventId != null && !lastEventId.isEmpty()) {
      builder.lastEventId(lastEventId);
    }
    open.incrementAndGet();
    try {
      return builder.build().start();
    } catch (RuntimeException e) {
      closed();
      throw e;
    }
  }

  /** Hub subscriptions open now (one per browser stream); back to zero when every browser left. */
  public int openSubscriptions() {
    return open.get();
  }

  /**
   * Waits until no hub subscription is open (every browser stream ended and its subscription
   * closed); false if some are still open after {@code timeout}. For tests and orderly shutdowns.
   */
  public boolean awaitNoneOpen(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (open) {
      while (open.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(open, left);
      }
      return true;
    }
  }

  private void closed() {
    synchronized (open) {
      open.decrementAndGet();
      open.notifyAll();
    }
  }

  /** Counts the subscription closed exactly once, whoever closes it. */
  private final class Counted implements EventSourceListener {
    private final EventSourceListener delegate;

    Counted(EventSourceListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onOpen() {
      delegate.onOpen();
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      delegate.onEvent(event);
    }

    @Override
    public void onComment(String comment) {
      delegate.onComment(comment);
    }

    @Override
    public void onRetry(Duration retry) {
      delegate.onRetry(retry);
    }

    @Override
    public void onError(SseClientException error) {
      delegate.onError(error);
    }

    @Override
    public void onClosed() {
      closed();
      delegate.onClosed();
    }
  }
}
