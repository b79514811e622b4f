package dev.sluice.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the demo runs: how fast its timers tick and which clock stamps its events.
 *
 * <p>Immutable. Every interval in the demo (half a second between {@code /sse/basic} messages, a
 * second between clock ticks, the pause between generated tokens) is multiplied by {@link #timeScale()},
 * so tests run the very same scenarios in a fraction of the time, without sleeping and without
 * changing what is sent. Values on the wire, such as {@code retry: 3000}, are never scaled.
 *
 * <pre>{@code
 * DemoOptions fast = DemoOptions.builder().timeScale(0.01).build(); // 0.5 s becomes 5 ms
 * }</pre>
 */
public final class DemoOptions {
  /** Scaled intervals never go below this, so a tiny scale cannot turn a timer into a busy loop. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(1);

  private static final DemoOptions DEFAULTS = builder().build();

  private final double timeScale;
  private final Clock clock;

  private DemoOptions(Builder builder) {
    this.timeScale = builder.timeScale;
    this.clock = builder.clock;
  }

  /** Real time and the system clock (UTC). */
  public static DemoOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with these options. */
  public Builder newBuilder() {
    return new Builder().timeScale(timeScale).clock(clock);
  }

  /** The factor every demo interval is multiplied by; 1 is real time. */
  public double timeScale() {
    return timeScale;
  }

  /** The clock that stamps timestamps in events. */
  public Clock clock() {
    return clock;
  }

  /** {@code interval} at this time scale, at least {@link #MIN_INTERVAL}. */
  public Duration scaled(Duration interval) {
    long nanos = (long) (interval.toNanos() * timeScale);
    return nanos < MIN_INTERVAL.toNanos() ? MIN_INTERVAL : Duration.ofNanos(nanos);
  }

  @Override
  public String toString() {
    return "DemoOptions{timeScale=" + timeScale + ", clock=" + clock + '}';
  }

  /** Builds {@link DemoOptions}. Not thread-safe. */
  public static final class Builder {
    private double timeScale = 1.0;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Multiplies every demo interval; must be positive and finite. Default 1 (real time). */
    public Builder timeScale(double timeScale) {
      if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
        throw new IllegalArgumentException("timeScale not positive and finite: " + timeScale);
      }
      this.timeScale = timeScale;
      return this;
    }

    /** The clock for timestamps in events. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public DemoOptions build() {
      return new DemoOptions(this);
    }
  }
}
