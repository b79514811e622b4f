package dev.sluice.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock tests move by hand, so timeouts, expiry and time budgets are tested without sleeping. It
 * is a {@link Clock} (UTC) and, through {@link #nanoTime}, a {@code System::nanoTime} stand-in for
 * code that takes a {@code LongSupplier}. It can also move by itself on every read
 * ({@link #advanceOnEveryRead}), for code that must find its time budget spent at every check.
 *
 * <p>Thread-safe.
 */
public final class FakeClock extends Clock {
  /** Where a clock made with {@link #FakeClock()} starts. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private Instant now; // Guarded by this.
  private Duration step = Duration.ZERO; // Guarded by this: added after every read.

  public FakeClock() {
    this(DEFAULT_START);
  }

  public FakeClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /** Moves the clock forward by {@code duration} (not backward: it is also a monotonic clock). */
  public synchronized void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) throw new IllegalArgumentException("duration < 0: " + duration);
    now = now.plus(duration);
  }

  /** From now on every read returns the time and then moves it forward by {@code step}. */
  public synchronized FakeClock advanceOnEveryRead(Duration step) {
    Objects.requireNonNull(step, "step");
    if (step.isNegative()) throw new IllegalArgumentException("step < 0: " + step);
    this.step = step;
    return this;
  }

  @Override
  public synchronized Instant instant() {
    Instant read = now;
    now = now.plus(step);
    return read;
  }

  /** This clock's time in nanoseconds since {@link #DEFAULT_START}; use as {@code clock::nanoTime}. */
  public long nanoTime() {
    return Duration.between(DEFAULT_START, instant()).toNanos();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this; // Only UTC is needed; a copy would not move with this clock.
  }

  @Override
  public String toString() {
    return "FakeClock{" + instant() + '}';
  }
}
