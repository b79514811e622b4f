package dev.sluice.publisher;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How often and how patiently {@link HubPublisher} retries an update the hub could not take
 * ({@code 502}, {@code 503}, {@code 504}, connect failure, timeout). Immutable; each setter returns
 * a changed copy.
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.defaults().maxAttempts(8).maxDelay(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>The delay before attempt {@code n + 1} is {@code initialDelay * 2^(n-1)}, capped at {@code
 * maxDelay}, then reduced by a random fraction of up to {@code jitter}, so that publishers
 * rejected together do not all return together. A {@code Retry-After} from the hub raises the
 * delay to what it asks, still capped at {@code maxDelay}.
 */
public final class RetryPolicy {
  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(200);
  /** Keeps the whole default sequence (three waits) under about 3.5 s. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(2);
  public static final double DEFAULT_JITTER = 0.5;

  private static final RetryPolicy DEFAULTS = new RetryPolicy(DEFAULT_MAX_ATTEMPTS,
      DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_JITTER);
  private static final RetryPolicy NONE = DEFAULTS.maxAttempts(1);

  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double jitter;

  private RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double jitter) {
    this.maxAttempts = maxAttempts;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.jitter = jitter;
  }

  /** Four attempts, 200 ms doubling up to 2 s, half jitter. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt only. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** Attempts in all, the first included; at least 1. */
  public RetryPolicy maxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
    }
    return new RetryPolicy(maxAttempts, initialDelay, maxDelay, jitter);
  }

  public RetryPolicy initialDelay(Duration initialDelay) {
    requireNonNull(initialDelay, "initialDelay");
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException("initialDelay < 0: " + initialDelay);
    }
    return new RetryPolicy(maxAttempts, initialDelay, maxDelay, jitter);
  }

  public RetryPolicy maxDelay(Duration maxDelay) {
    requireNonNull(maxDelay, "maxDelay");
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException("maxDelay < 0: " + maxDelay);
    }
    return new RetryPolicy(maxAttempts, initialDelay, maxDelay, jitter);
  }

  /** The largest fraction taken off each delay at random, 0 (none) to 1. */
  public RetryPolicy jitter(double jitter) {
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter not in 0..1: " + jitter);
    }
    return new RetryPolicy(maxAttempts, initialDelay, maxDelay, jitter);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based).
   *
   * @param retryAfter what the hub asked for, or {@link Duration#ZERO}
   * @param random a number in {@code [0, 1)}
   */
  Duration delayAfter(int attempt, Duration retryAfter, double random) {
    long base = initialDelay.toMillis();
    long exponential = attempt >= 31 ? Long.MAX_VALUE : base << Math.min(attempt - 1, 30);
    if (exponential < base) { // Overflow.
      exponential = Long.MAX_VALUE;
    }
    long capped = Math.min(exponential, maxDelay.toMillis());
    long jittered = capped - (long) (capped * jitter * random);
    long asked = Math.min(retryAfter.toMillis(), maxDelay.toMillis());
    return Duration.ofMillis(Math.max(jittered, asked));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay
        + ", maxDelay=" + maxDelay + ", jitter=" + jitter + "}";
  }
}
