package dev.sluice.client;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether an {@link EventSource} retries after a retryable failure: a network error, a read
 * timeout, or a {@code 5xx}/{@code 429} response. Failures that retrying cannot fix (a wrong
 * Content-Type, another 4xx, an oversized event) close the source whatever the strategy says; a
 * stream the server ended cleanly is always reconnected, as a browser does.
 *
 * <p>Strategies are immutable and return their successor, which carries any count or start time.
 * The source goes back to the strategy it was configured with each time a stream opens, so the
 * attempts and the time budget count consecutive failures only.
 *
 * <pre>{@code
 * EventSource.builder(uri).errorStrategy(ErrorStrategy.maxAttempts(5))
 * }</pre>
 */
@FunctionalInterface
public interface ErrorStrategy {
  /** What to do about one failure. */
  enum Action {
    RETRY,
    STOP
  }

  /** The decision and the strategy to consult about the next failure. */
  record Result(Action action, ErrorStrategy next) {}

  /**
   * Decides about {@code error}, which happened at {@code now} (the source's clock).
   */
  Result apply(SseClientException error, Instant now);

  /** Retry every retryable failure, for ever, as a browser does for network errors. The default. */
  static ErrorStrategy alwaysRetry() {
    return ErrorStrategies.ALWAYS_RETRY;
  }

  /** Never retry: the first failure closes the source. */
  static ErrorStrategy stop() {
    return ErrorStrategies.STOP;
  }

  /** Retry until {@code attempts} consecutive attempts have failed, then stop. */
  static ErrorStrategy maxAttempts(int attempts) {
    if (attempts < 1) throw new IllegalArgumentException("attempts < 1: " + attempts);
    return new ErrorStrategies.MaxAttempts(attempts, 0);
  }

  /** Retry while less than {@code budget} has passed since the first of consecutive failures. */
  static ErrorStrategy maxElapsed(Duration budget) {
    if (budget.isNegative()) throw new IllegalArgumentException("budget < 0: " + budget);
    return new ErrorStrategies.MaxElapsed(budget, null);
  }
}
