package dev.sluice.client;

import java.time.Duration;
import java.time.Instant;

/** The built-in {@link ErrorStrategy} implementations. */
final class ErrorStrategies {
  static final ErrorStrategy ALWAYS_RETRY = new ErrorStrategy() {
    @Override
    public Result apply(SseClientException error, Instant now) {
      return new Result(Action.RETRY, this);
    }

    @Override
    public String toString() {
      return "ErrorStrategy.alwaysRetry()";
    }
  };

  static final ErrorStrategy STOP = new ErrorStrategy() {
    @Override
    public Result apply(SseClientException error, Instant now) {
      return new Result(Action.STOP, this);
    }

    @Override
    public String toString() {
      return "ErrorStrategy.stop()";
    }
  };

  static final ErrorStrategy LIKE_BROWSER = new ErrorStrategy() {
    @Override
    public Result apply(SseClientException error, Instant now) {
      return new Result(error instanceof SseHttpStatusException ? Action.STOP : Action.RETRY, this);
    }

    @Override
    public String toString() {
      return "ErrorStrategy.likeBrowser()";
    }
  };

  private ErrorStrategies() {}

  record MaxAttempts(int attempts, int failed) implements ErrorStrategy {
    @Override
    public Result apply(SseClientException error, Instant now) {
      int nowFailed = failed + 1;
      Action action = nowFailed >= attempts ? Action.STOP : Action.RETRY;
      return new Result(action, new MaxAttempts(attempts, nowFailed));
    }
  }

  /** {@code firstFailure} is null until the first failure. */
  record MaxElapsed(Duration budget, Instant firstFailure) implements ErrorStrategy {
    @Override
    public Result apply(SseClientException error, Instant now) {
      Instant first = firstFailure == null ? now : firstFailure;
      Action action = Duration.between(first, now).compareTo(budget) >= 0 ? Action.STOP : Action.RETRY;
      return new Result(action, new MaxElapsed(budget, first));
    }
  }
}
