package dev.sluice.server.internal;

import java.util.function.LongSupplier;

/**
 * Lets at most {@code burst} log lines through per window, so that a client repeating a request
 * that fails cannot grow the log without bound; the first line after a quiet spell says how many
 * were left out. Thread-safe.
 */
final class LogLimiter {
  private final int burst;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private long windowStart;
  private int used;
  private long suppressed;

  LogLimiter(int burst, long windowNanos, LongSupplier nanoClock) {
    if (burst < 1) throw new IllegalArgumentException("burst < 1: " + burst);
    this.burst = burst;
    this.windowNanos = windowNanos;
    this.nanoClock = nanoClock;
    this.windowStart = nanoClock.getAsLong();
  }

  /**
   * Whether to log now: -1 if not (the line is counted as suppressed), else how many lines were
   * suppressed since the last one that went through.
   */
  synchronized long tryAcquire() {
    long now = nanoClock.getAsLong();
    if (now - windowStart >= windowNanos) {
      windowStart = now;
      used = 0;
    }
    if (used >= burst) {
      suppressed++;
      return -1;
    }
    used++;
    long dropped = suppressed;
    suppressed = 0;
    return dropped;
  }
}
