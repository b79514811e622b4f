package dev.sluice.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ServerSentEvent;
import dev.sluice.publisher.Update;
import dev.sluice.spring.SluicePublisher;
import dev.sluice.test.SluiceHubExtension;
import dev.sluice.test.TestHub;
import dev.sluice.test.TestSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Updates raised in a transaction reach the hub once if it commits, never if it rolls back. */
@ExtendWith(SluiceHubExtension.class)
class AfterCommitIT {

  @Test
  void aRolledBackOrderIsNeverAnnouncedAndACommittedOneOnce(TestHub hub) throws Exception {
    try (Instance app = Instance.start(hub, "none");
        TestSubscriber announcements = hub.subscribe(SampleApplication.ORDERS)) {
      Orders orders = app.bean(Orders.class);
      SluicePublisher publisher = app.bean(SluicePublisher.class);

      assertThatThrownBy(() -> orders.place("rolled-back book", true)).isInstanceOf(Orders.PaymentFailedException.class);
      orders.place("committed pen", false);
      // The after-commit listener starts its publish (and counts the attempt) before place() returns.
      assertThat(publisher.counters().attempts()).as("publishes started").isEqualTo(1);

      ServerSentEvent first = announcements.next();
      assertThat(first.data()).isEqualTo("committed pen");
      assertThat(first.type()).isEqualTo("order");
      // A marker published after the committed update arrived: nothing else came in between.
      String marker = hub.publisher().publish(Update.of(SampleApplication.ORDERS, "marker"));
      assertThat(announcements.next().id()).contains(marker);
      assertThat(publisher.counters().published()).isEqualTo(1);
      assertThat(orders.committed()).containsExactly("committed pen");
    }
  }
}
