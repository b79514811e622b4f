package dev.sluice.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import dev.sluice.publisher.Update;
import dev.sluice.spring.SluicePublisher;
import dev.sluice.test.SluiceHubExtension;
import dev.sluice.test.TestHub;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Updates raised in a transaction reach the hub once if it commits, never if it rolls back. */
@ExtendWith(SluiceHubExtension.class)
class AfterCommitIT {

  @Test
  void aRolledBackOrderIsNeverAnnouncedAndACommittedOneOnce(TestHub hub) throws Exception {
    BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
    CountDownLatch opened = new CountDownLatch(1);
    try (Instance app = Instance.start(hub, "none");
        EventSource subscriber = EventSource.builder(URI.create(hub.url() + "?topic="
                + URLEncoder.encode(SampleApplication.ORDERS, StandardCharsets.UTF_8)))
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
            .build().start()) {
      assertThat(opened.await(30, TimeUnit.SECONDS)).as("subscribed: %s", subscriber.readyState()).isTrue();
      Orders orders = app.bean(Orders.class);

      SluicePublisher publisher = app.bean(SluicePublisher.class);
      assertThatThrownBy(() -> orders.place("rolled-back book", true)).isInstanceOf(Orders.PaymentFailedException.class);
      orders.place("committed pen", false);
      // The after-commit listener starts its publish (and counts the attempt) before place() returns.
      assertThat(publisher.counters().attempts()).as("publishes started").isEqualTo(1);

      ServerSentEvent first = next(events);
      assertThat(first.data()).isEqualTo("committed pen");
      assertThat(first.type()).isEqualTo("order");
      // A marker published after the committed update arrived: nothing else came in between.
      String marker = hub.publisher().publish(Update.of(SampleApplication.ORDERS, "marker"));
      assertThat(next(events).id()).contains(marker);
      assertThat(publisher.counters().published()).isEqualTo(1);
      assertThat(orders.committed()).containsExactly("committed pen");
    }
  }

  private static ServerSentEvent next(BlockingQueue<ServerSentEvent> events) throws InterruptedException {
    ServerSentEvent event = events.poll(30, TimeUnit.SECONDS);
    assertThat(event).as("an event within 30 s").isNotNull();
    return event;
  }
}
