package dev.sluice.test;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber on a {@link TestHub} topic that records what it receives, through the real
 * client. Opened by {@link TestHub#subscribe}. Thread-safe.
 *
 * <pre>{@code
 * try (TestSubscriber orders = hub.subscribe("https://example.com/orders")) {
 *   service.placeOrder("pen");
 *   assertThat(orders.next().data()).isEqualTo("pen");
 * }
 * }</pre>
 */
public final class TestSubscriber implements AutoCloseable {
  /** How long {@link #next()} and opening wait: generous, for slow shared machines. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
  private final CountDownLatch opened = new CountDownLatch(1);
  private final EventSource source;

  private TestSubscriber(TestHub hub, String topic) {
    this.source = EventSource.builder(URI.create(hub.url() + "?match=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)))
        .header("Authorization", "Bearer " + hub.subscriberToken())
        .listener(new EventSourceListener() {
          @Override
          public void onOpen() {
            opened.countDown();
          }

          @Override
          public void onEvent(ServerSentEvent event) {
            events.add(event);
          }
        })
        .build();
  }

  static TestSubscriber open(TestHub hub, String topic) throws InterruptedException {
    TestSubscriber subscriber = new TestSubscriber(hub, topic);
    subscriber.source.start();
    if (!subscriber.opened.await(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      subscriber.close();
      throw new AssertionError("subscription to " + topic + " did not open within " + DEFAULT_WAIT
          + subscriber.source.failure().map(f -> ": " + f.getMessage()).orElse(""));
    }
    return subscriber;
  }

  /**
   * The next event received.
   *
   * @throws AssertionError if none arrives within {@link #DEFAULT_WAIT}
   */
  public ServerSentEvent next() throws InterruptedException {
    ServerSentEvent event = events.poll(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("no event within " + DEFAULT_WAIT);
    }
    return event;
  }

  @Override
  public void close() {
    source.close();
  }
}
