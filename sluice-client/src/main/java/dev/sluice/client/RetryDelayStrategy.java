package dev.sluice.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long an {@link EventSource} waits before reconnecting: exponential backoff from a base delay,
 * capped, with jitter, starting over once a connection stayed up long enough.
 *
 * <p>The strategy is an immutable value. {@link #next} returns the delay and the strategy to use for
 * the following attempt, so one configured instance can be shared by any number of sources.
 *
 * <h3>The delay for attempt n (0 for the first reconnect after a connection ended)</h3>
 * <pre>
 *   backoff = min(cap, base × multiplier<sup>n</sup>),  cap = max(maxDelay, base)
 *   delay   = backoff − backoff × jitterMultiplier × random[0, 1)
 * </pre>
 * The base is {@link #baseDelay} until the stream sets a {@code retry} field, which replaces it
 * ({@link #withBaseDelay}) as the WHATWG reconnection time. The cap never cuts a server's own
 * {@code retry} short. When the connection that just ended had been open for at least {@link
 * #backoffResetThreshold}, n starts again at 0.
 *
 * <pre>{@code
 * RetryDelayStrategy strategy = RetryDelayStrategy.defaultStrategy()
 *     .maxDelay(Duration.ofSeconds(10))
 *     .jitterMultiplier(0.25);
 * }</pre>
 */
public final class RetryDelayStrategy {
  /** Default base delay, the reconnection time before the server sets one: 1 second. */
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);
  /** Default cap on the backoff: 30 seconds. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
  /** Default growth factor per failed attempt: 2. */
  public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
  /** Default jitter: up to half of each delay is taken off at random, so clients spread out. */
  public static final double DEFAULT_JITTER_MULTIPLIER = 0.5;
  /** Default uptime after which the backoff starts over: 60 seconds. */
  public static final Duration DEFAULT_BACKOFF_RESET_THRESHOLD = Duration.ofSeconds(60);

  private static final RetryDelayStrategy DEFAULT = new RetryDelayStrategy(DEFAULT_BASE_DELAY,
      DEFAULT_MAX_DELAY, DEFAULT_BACKOFF_MULTIPLIER, DEFAULT_JITTER_MULTIPLIER,
      DEFAULT_BACKOFF_RESET_THRESHOLD, () -> ThreadLocalRandom.current().nextDouble(), 0);

  /** The delay before the next attempt and the strategy for the attempt after it. */
  public record Result(Duration delay, RetryDelayStrategy next) {
    public Result {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(next, "next");
    }
  }

  private final Duration baseDelay;
  private final Duration maxDelay;
  private final double backoffMultiplier;
  private final double jitterMultiplier;
  private final Duration backoffResetThreshold;
  private final DoubleSupplier random;
  private final int attempt;

  private RetryDelayStrategy(Duration baseDelay, Duration maxDelay, double backoffMultiplier,
      double jitterMultiplier, Duration backoffResetThreshold, DoubleSupplier random, int attempt) {
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.backoffMultiplier = backoffMultiplier;
    this.jitterMultiplier = jitterMultiplier;
    this.backoffResetThreshold = backoffResetThreshold;
    this.random = random;
    this.attempt = attempt;
  }

  /** The defaults documented on this class's constants. */
  public static RetryDelayStrategy defaultStrategy() {
    return DEFAULT;
  }

  /**
   * The delay before the next attempt.
   *
   * @param uptime how long the connection that just ended was open; {@link Duration#ZERO} if the
   *     attempt failed before the stream opened
   */
  public Result next(Duration uptime) {
    Objects.requireNonNull(uptime, "uptime");
    int n = uptime.compareTo(backoffResetThreshold) >= 0 ? 0 : attempt;
    long base = baseDelay.toMillis();
    long cap = Math.max(maxDelay.toMillis(), base);
    double backoff = Math.min(cap, base * Math.pow(backoffMultiplier, n));
    double jitter = jitterMultiplier == 0 ? 0 : backoff * jitterMultiplier * random.getAsDouble();
    Duration delay = Duration.ofMillis(Math.max(0, Math.round(backoff - jitter)));
    // Stop counting once the cap is reached, so the exponent can never overflow.
    int following = backoff >= cap ? n : n + 1;
    return new Result(delay, withAttempt(following));
  }

  /** This strategy with the reconnection time the server set with {@code retry}; backoff kept. */
  public RetryDelayStrategy withBaseDelay(Duration baseDelay) {
    return new RetryDelayStrategy(checkNotNegative(baseDelay, "baseDelay"), maxDelay,
        backoffMultiplier, jitterMultiplier, backoffResetThreshold, random, attempt);
  }

  /** The base delay: the first reconnect's delay before jitter. */
  public RetryDelayStrategy baseDelay(Duration baseDelay) {
    return withBaseDelay(baseDelay);
  }

  /** The cap on the backoff; a server's {@code retry} above it is still honoured. */
  public RetryDelayStrategy maxDelay(Duration maxDelay) {
    return new RetryDelayStrategy(baseDelay, checkNotNegative(maxDelay, "maxDelay"),
        backoffMultiplier, jitterMultiplier, backoffResetThreshold, random, attempt);
  }

  /** The growth factor per failed attempt; 1 means a constant delay. */
  public RetryDelayStrategy backoffMultiplier(double backoffMultiplier) {
    if (!(backoffMultiplier >= 1)) {
      throw new IllegalArgumentException("backoffMultiplier < 1: " + backoffMultiplier);
    }
    return new RetryDelayStrategy(baseDelay, maxDelay, backoffMultiplier, jitterMultiplier,
        backoffResetThreshold, random, attempt);
  }

  /** The largest fraction of a delay taken off at random, from 0 (no jitter) to 1. */
  public RetryDelayStrategy jitterMultiplier(double jitterMultiplier) {
    if (!(jitterMultiplier >= 0 && jitterMultiplier <= 1)) {
      throw new IllegalArgumentException("jitterMultiplier not in [0, 1]: " + jitterMultiplier);
    }
    return new RetryDelayStrategy(baseDelay, maxDelay, backoffMultiplier, jitterMultiplier,
        backoffResetThreshold, random, attempt);
  }

  /** How long a connection must stay open for the backoff to start over. */
  public RetryDelayStrategy backoffResetThreshold(Duration backoffResetThreshold) {
    return new RetryDelayStrategy(baseDelay, maxDelay, backoffMultiplier, jitterMultiplier,
        checkNotNegative(backoffResetThreshold, "backoffResetThreshold"), random, attempt);
  }

  /** The source of jitter, values in [0, 1); for reproducible tests. */
  public RetryDelayStrategy random(DoubleSupplier random) {
    return new RetryDelayStrategy(baseDelay, maxDelay, backoffMultiplier, jitterMultiplier,
        backoffResetThreshold, Objects.requireNonNull(random, "random"), attempt);
  }

  public Duration baseDelay() {
    return baseDelay;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  /** How many consecutive delays this strategy has already grown by. */
  public int attempt() {
    return attempt;
  }

  private RetryDelayStrategy withAttempt(int attempt) {
    return attempt == this.attempt ? this : new RetryDelayStrategy(baseDelay, maxDelay,
        backoffMultiplier, jitterMultiplier, backoffResetThreshold, random, attempt);
  }

  private static Duration checkNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) throw new IllegalArgumentException(name + " < 0: " + value);
    return value;
  }

  @Override
  public String toString() {
    return "RetryDelayStrategy{base=" + baseDelay + ", max=" + maxDelay + ", multiplier="
        + backoffMultiplier + ", jitter=" + jitterMultiplier + ", reset=" + backoffResetThreshold
        + ", attempt=" + attempt + '}';
  }
}
