package dev.sluice.postgres.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: doubling from {@code min} up to {@code max}, each drawn from the upper half
 * of its step ("equal jitter"), so that the nodes of a cluster do not all knock on PostgreSQL in
 * the same millisecond after an outage. Immutable; {@link #next} returns the delay and the
 * strategy for the attempt after it, {@link #reset()} starts over after a success.
 *
 * <p>The same policy as sluice-redis's; a shared home for it is a follow-up (modules may use only
 * the hub's SPI from each other).
 */
public record Backoff(Duration min, Duration max, int attempt) {
  /** A delay and the strategy for the following attempt. */
  public record Step(Duration delay, Backoff next) {}

  public static Backoff of(Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < min <= max: " + min + ", " + max);
    }
    return new Backoff(min, max, 0);
  }

  /** The delay before the next attempt; {@code random} yields values in [0, 1). */
  public Step next(DoubleSupplier random) {
    long step = Math.min(max.toNanos(), min.toNanos() << Math.min(attempt, 30));
    if (step <= 0) {
      step = max.toNanos();
    }
    long half = step / 2;
    long delay = half + (long) (random.getAsDouble() * (step - half));
    return new Step(Duration.ofNanos(delay), new Backoff(min, max, attempt + 1));
  }

  public Backoff reset() {
    return attempt == 0 ? this : new Backoff(min, max, 0);
  }
}
