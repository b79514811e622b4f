package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WatchdogTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final FakeScheduler scheduler = new FakeScheduler();
  private final AtomicInteger idleCalls = new AtomicInteger();
  private final Watchdog watchdog = new Watchdog(TIMEOUT, scheduler.clock, scheduler, idleCalls::incrementAndGet);

  @Test
  void firesWhenNothingArrivesWithinTimeout() throws Exception {
    watchdog.start();
    scheduler.next().run();
    assertThat(idleCalls).hasValue(1);
    assertThat(watchdog.fired()).isTrue();
    scheduler.assertNothingScheduled();
  }

  @Test
  void checksAgainWhenTheTimeoutSinceLastBytesEnds() throws Exception {
    watchdog.start();
    FakeScheduler.FakeTask first = scheduler.next();
    scheduler.clock.advance(Duration.ofSeconds(6));
    watchdog.enterConsumer();
    watchdog.leaveConsumer(); // A heartbeat 6 s in.
    scheduler.clock.advance(Duration.ofSeconds(-6)); // The task's run adds the full 10 s.
    first.run();
    assertThat(idleCalls).hasValue(0);
    FakeScheduler.FakeTask second = scheduler.next();
    assertThat(second.delay).isEqualTo(Duration.ofSeconds(6));
    second.run();
    assertThat(idleCalls).hasValue(1);
  }

  @Test
  void timeInListenerCallbacksIsNotSilence() throws Exception {
    watchdog.start();
    watchdog.enterConsumer(); // A slow consumer holds the reader for longer than the timeout.
    scheduler.next().run();
    assertThat(idleCalls).hasValue(0);
    FakeScheduler.FakeTask next = scheduler.next();
    assertThat(next.delay).isEqualTo(TIMEOUT);
    watchdog.leaveConsumer();
    next.run(); // Ten silent seconds after the consumer let go: now it is silence.
    assertThat(idleCalls).hasValue(1);
  }

  @Test
  void stopCancelsThePendingCheck() throws Exception {
    watchdog.start();
    watchdog.stop();
    scheduler.assertNothingScheduled();
    assertThat(idleCalls).hasValue(0);
  }
}
