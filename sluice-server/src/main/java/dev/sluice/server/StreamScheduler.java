package dev.sluice.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Timed tasks tied to one {@link SseStream}: they run on the stream's event loop and are cancelled
 * when the stream closes, so a producer on a timer cannot outlive its client.
 *
 * <p>Tasks must not block. A task that throws is logged and not run again; the stream stays open.
 * Scheduling on a closed stream returns an already-cancelled future.
 */
public interface StreamScheduler {
  /** Runs {@code task} once after {@code delay}. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay);

  /** Runs {@code task} after {@code initialDelay}, then every {@code period}. */
  ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period);
}
