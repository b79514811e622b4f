package dev.sluice.redis.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code min}, capped at {@code max}, with "equal jitter"
 * (half the step fixed, half random) so that every node of a cluster does not knock on Redis in
 * the same millisecond after an outage, while no node waits needlessly long.
 *
 * <p>Immutable: {@link #next} returns the delay and the strategy for the attempt after it; start
 * again from {@link #reset()} once a connection has worked.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(5));
 * Backoff.Result r = backoff.next(random::nextDouble); // r.delay() in [50 ms, 100 ms]
 * backoff = r.next();
 * }</pre>
 */
public final class Backoff {
  private final Duration min;
  private final Duration max;
  private final int attempt;

  /** A delay and the strategy to use for the following attempt. */
  public record Result(Duration delay, Backoff next) {}

  private Backoff(Duration min, Duration max, int attempt) {
    this.min = min;
    this.max = max;
    this.attempt = attempt;
  }

  public static Backoff of(Duration min, Duration max) {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("min must be > 0: " + min);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max < min: " + max + " < " + min);
    }
    return new Backoff(min, max, 0);
  }

  /** The delay before the next attempt; {@code random} yields values in [0, 1). */
  public Result next(DoubleSupplier random) {
    long cap = max.toNanos();
    long step = Math.min(cap, min.toNanos() << Math.min(attempt, 30));
    if (step <= 0) {
      step = cap; // Shift overflowed: well past the cap anyway.
    }
    long half = step / 2;
    long delay = half + (long) (random.getAsDouble() * (step - half));
    return new Result(Duration.ofNanos(delay), new Backoff(min, max, attempt + 1));
  }

  /** The strategy after a success: back to the smallest step. */
  public Backoff reset() {
    return attempt == 0 ? this : new Backoff(min, max, 0);
  }

  /** Attempts made since the last reset. */
  public int attempt() {
    return attempt;
  }
}
