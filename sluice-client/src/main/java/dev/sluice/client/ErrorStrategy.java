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

  /**
   * Retry every retryable failure, for ever: network errors as a browser does, and also {@code 5xx}
   * and {@code 429} answers, which a browser does not retry (see {@link #likeBrowser()}). The
   * default, because a service that reads a stream should ride out a server's restart.
   */
  static ErrorStrategy alwaysRetry() {
    return ErrorStrategies.ALWAYS_RETRY;
  }

  /**
   * Retry network errors and read timeouts for ever, and stop at the first HTTP error status, as a
   * browser's {@code EventSource} does: it reconnects after a lost connection but fails the
   * connection for good on any status but 200 ({@code 500}, {@code 503} and {@code 429}
   * included). What {@code sluice listen} does by default.
   */
  static ErrorStrategy likeBrowser() {
    return ErrorStrategies.LIKE_BROWSER;
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
