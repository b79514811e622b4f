package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scheduler that runs nothing by itself: tests take each scheduled task, assert its delay, and run
 * it, which first moves the fake clock forward by that delay. Time passes only when a test says so.
 */
final class FakeScheduler implements Scheduler {
  private static final long WAIT_SECONDS = 10;

  final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final BlockingQueue<FakeTask> tasks = new LinkedBlockingQueue<>();

  @Override
  public Task schedule(Duration delay, Runnable task) {
    FakeTask scheduled = new FakeTask(delay, task);
    tasks.add(scheduled);
    return scheduled;
  }

  /** The next task that is still live, waiting for one to be scheduled. */
  FakeTask next() throws InterruptedException {
    while (true) {
      FakeTask task = tasks.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(task).as("a scheduled task within %s s", WAIT_SECONDS).isNotNull();
      if (!task.cancelled) return task;
    }
  }

  void assertNothingScheduled() {
    assertThat(tasks).filteredOn(task -> !task.cancelled).as("live scheduled tasks").isEmpty();
  }

  final class FakeTask implements Task {
    final Duration delay;
    private final Runnable runnable;
    private volatile boolean cancelled;

    FakeTask(Duration delay, Runnable runnable) {
      this.delay = delay;
      this.runnable = runnable;
    }

    /** Moves the clock forward by the delay and runs the task on the calling thread. */
    void run() {
      clock.advance(delay);
      if (!cancelled) runnable.run();
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  static final class FakeClock extends Clock {
    private final AtomicLong millis;

    FakeClock(Instant start) {
      this.millis = new AtomicLong(start.toEpochMilli());
    }

    void advance(Duration duration) {
      millis.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
