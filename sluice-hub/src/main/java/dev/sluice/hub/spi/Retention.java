package dev.sluice.hub.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How much history a log keeps: at most {@code maxCount} updates, none older than {@code maxAge}.
 *
 * @param maxCount most updates kept; 0 keeps none (replay then always answers "unknown id")
 * @param maxAge oldest update kept; {@link Duration#ZERO} means no age limit
 */
public record Retention(long maxCount, Duration maxAge) {
  /** The default: the last 10,000 updates, up to one day old. */
  public static final Retention DEFAULT = new Retention(10_000, Duration.ofDays(1));

  public Retention {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxCount < 0) {
      throw new IllegalArgumentException("maxCount < 0: " + maxCount);
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge < 0: " + maxAge);
    }
  }

  public boolean hasAgeLimit() {
    return !maxAge.isZero();
  }
}
