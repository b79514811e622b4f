package dev.sluice.client;

import dev.sluice.client.internal.SystemScheduler;
import java.time.Duration;

/**
 * Runs an {@link EventSource}'s timed work: reconnect delays and the idle watchdog. Tests inject one
 * that records each delay and runs tasks when told to, so they never sleep.
 *
 * <p>Tasks must be quick: they decide and hand off, they never block.
 */
@FunctionalInterface
public interface Scheduler {
  /** A scheduled task. */
  @FunctionalInterface
  interface Task {
    /** Stops the task from running if it has not started. Idempotent. */
    void cancel();
  }

  /** Runs {@code task} once, after {@code delay}, on a thread of the scheduler's choosing. */
  Task schedule(Duration delay, Runnable task);

  /** A scheduler on one shared daemon thread. */
  static Scheduler system() {
    return SystemScheduler.INSTANCE;
  }
}
