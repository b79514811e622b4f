package dev.sluice.client;

import java.time.Clock;
import java.time.Duration;

/**
 * Drops a connection on which no byte arrived within the read timeout. Time spent in listener
 * callbacks does not count: a slow consumer is not a silent server.
 *
 * <p>It checks from the scheduler, never from the reader: the reader only stamps the time, so a
 * check costs nothing on the read path and works while the reader is blocked in {@code read}.
 */
final class Watchdog implements Runnable {
  private final Duration timeout;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Runnable onIdle;

  // Written by the reader thread, read by the scheduler's.
  private volatile long lastActivityMillis;
  private volatile boolean inConsumer;
  private volatile boolean stopped;
  private volatile boolean fired;
  // Guarded by this.
  private Scheduler.Task task;

  Watchdog(Duration timeout, Clock clock, Scheduler scheduler, Runnable onIdle) {
    this.timeout = timeout;
    this.clock = clock;
    this.scheduler = scheduler;
    this.onIdle = onIdle;
  }

  void start() {
    lastActivityMillis = clock.millis();
    schedule(timeout);
  }

  /** Bytes arrived and are about to be handed to the listener. */
  void enterConsumer() {
    inConsumer = true;
  }

  /** The listener is done with them; the wait for bytes starts now. */
  void leaveConsumer() {
    lastActivityMillis = clock.millis();
    inConsumer = false;
  }

  /** Response headers arrived. */
  void activity() {
    lastActivityMillis = clock.millis();
  }

  boolean fired() {
    return fired;
  }

  void stop() {
    stopped = true;
    Scheduler.Task current;
    synchronized (this) {
      current = task;
      task = null;
    }
    if (current != null) current.cancel();
  }

  @Override
  public void run() {
    if (stopped) return;
    if (inConsumer) {
      schedule(timeout);
      return;
    }
    long idleMillis = clock.millis() - lastActivityMillis;
    if (idleMillis >= timeout.toMillis()) {
      fired = true;
      onIdle.run();
    } else {
      schedule(timeout.minusMillis(idleMillis));
    }
  }

  private synchronized void schedule(Duration delay) {
    if (!stopped) task = scheduler.schedule(delay, this);
  }
}
