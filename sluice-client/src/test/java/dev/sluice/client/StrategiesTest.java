package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StrategiesTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final SseClientException ERROR = new SseClientException("down");

  private final RetryDelayStrategy exact = RetryDelayStrategy.defaultStrategy().jitterMultiplier(0)
      .baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(10));

  @Test
  void backoffDoublesUpToTheCap() {
    RetryDelayStrategy strategy = exact;
    StringBuilder delays = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      RetryDelayStrategy.Result result = strategy.next(Duration.ZERO);
      delays.append(result.delay().toMillis()).append(' ');
      strategy = result.next();
    }
    assertThat(delays.toString()).isEqualTo("1000 2000 4000 8000 10000 10000 ");
  }

  @Test
  void backoffStartsOverAfterLongLivedConnection() {
    RetryDelayStrategy grown = exact.next(Duration.ZERO).next().next(Duration.ZERO).next();
    assertThat(grown.next(Duration.ofSeconds(59)).delay()).isEqualTo(Duration.ofSeconds(4));
    assertThat(grown.next(Duration.ofSeconds(60)).delay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void serverRetryAboveTheCapIsHonoured() {
    assertThat(exact.withBaseDelay(Duration.ofSeconds(45)).next(Duration.ZERO).delay())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void jitterTakesAtMostItsShareOffTheDelay() {
    RetryDelayStrategy jittered = exact.jitterMultiplier(0.5);
    assertThat(jittered.random(() -> 0.0).next(Duration.ZERO).delay()).isEqualTo(Duration.ofMillis(1000));
    assertThat(jittered.random(() -> 0.999).next(Duration.ZERO).delay()).isEqualTo(Duration.ofMillis(501));
  }

  @Test
  void strategiesAreImmutable() {
    RetryDelayStrategy.Result result = exact.next(Duration.ZERO);
    assertThat(exact.attempt()).isZero();
    assertThat(result.next().attempt()).isEqualTo(1);
    assertThat(exact.next(Duration.ZERO).delay()).isEqualTo(result.delay());
  }

  @Test
  void maxAttemptsStopsAtTheNthConsecutiveFailure() {
    ErrorStrategy strategy = ErrorStrategy.maxAttempts(3);
    StringBuilder actions = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      ErrorStrategy.Result result = strategy.apply(ERROR, NOW);
      actions.append(result.action()).append(' ');
      strategy = result.next();
    }
    assertThat(actions.toString()).isEqualTo("RETRY RETRY STOP ");
  }

  @Test
  void maxElapsedStopsOnceTheBudgetIsSpent() {
    ErrorStrategy.Result first = ErrorStrategy.maxElapsed(Duration.ofSeconds(30)).apply(ERROR, NOW);
    assertThat(first.action()).isEqualTo(ErrorStrategy.Action.RETRY);
    assertThat(first.next().apply(ERROR, NOW.plusSeconds(29)).action()).isEqualTo(ErrorStrategy.Action.RETRY);
    assertThat(first.next().apply(ERROR, NOW.plusSeconds(30)).action()).isEqualTo(ErrorStrategy.Action.STOP);
  }

  @Test
  void alwaysRetryAndStopDoWhatTheySay() {
    assertThat(ErrorStrategy.alwaysRetry().apply(ERROR, NOW).action()).isEqualTo(ErrorStrategy.Action.RETRY);
    assertThat(ErrorStrategy.stop().apply(ERROR, NOW).action()).isEqualTo(ErrorStrategy.Action.STOP);
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    assertThat(RetryAfter.parse(" 120 ", NOW)).hasValue(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse("Wed, 01 Jan 2025 00:00:30 GMT", NOW)).hasValue(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Tue, 31 Dec 2024 23:00:00 GMT", NOW)).hasValue(Duration.ZERO);
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("99999999999999999999", NOW)).hasValue(Duration.ofSeconds(999_999_999));
  }

  @Test
  void lastEventIdsArePercentEncodedOnlyWhenNotPrintableAscii() {
    assertThat(LastEventIds.headerValue("plain-42 %")).isEqualTo("plain-42 %");
    assertThat(LastEventIds.headerValue("é")).isEqualTo("%C3%A9");
    assertThat(LastEventIds.headerValue("tab\there")).isEqualTo("tab%09here");
    assertThat(LastEventIds.headerValue("😀 100%")).isEqualTo("%F0%9F%98%80%20100%25");
    for (String id : new String[] {"é", "tab\there", "😀 100%", "日本"}) {
      assertThat(LastEventIds.decodeHeaderValue(LastEventIds.headerValue(id))).isEqualTo(id);
    }
    assertThat(LastEventIds.decodeHeaderValue("50%off")).isEqualTo("50%off");
  }
}
