package dev.sluice.client.internal;

import dev.sluice.client.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The default {@link Scheduler}: one shared daemon thread. Tasks only decide and hand off. */
public final class SystemScheduler implements Scheduler {
  public static final SystemScheduler INSTANCE = new SystemScheduler();

  private final ScheduledThreadPoolExecutor executor;

  private SystemScheduler() {
    executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "sluice-client-scheduler");
      thread.setDaemon(true);
      return thread;
    });
    // Cancelled reconnects and watchdogs must not pile up in the queue until their time comes.
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Task schedule(Duration delay, Runnable task) {
    long nanos;
    try {
      nanos = delay.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE; // Some 292 years: a server's absurd retry is simply never reached.
    }
    ScheduledFuture<?> future = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
