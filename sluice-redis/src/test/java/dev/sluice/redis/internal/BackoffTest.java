package dev.sluice.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration MIN = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(2);

  @Test
  void doublesEachAttemptUpToTheCap() {
    List<Duration> upper = delays(() -> 0.999_999_999, 7);

    assertThat(upper).extracting(Duration::toMillis)
        .containsExactly(99L, 199L, 399L, 799L, 1599L, 1999L, 1999L);
  }

  @Test
  void jitterKeepsAtLeastHalfOfEachStep() {
    List<Duration> lower = delays(() -> 0.0, 7);

    assertThat(lower).extracting(Duration::toMillis)
        .containsExactly(50L, 100L, 200L, 400L, 800L, 1000L, 1000L);
  }

  @Test
  void resetStartsAgainFromTheSmallestStep() {
    Backoff backoff = Backoff.of(MIN, MAX);
    for (int i = 0; i < 5; i++) {
      backoff = backoff.next(() -> 0.5).next();
    }

    assertThat(backoff.attempt()).isEqualTo(5);
    assertThat(backoff.reset().attempt()).isZero();
    assertThat(backoff.reset().next(() -> 0.0).delay()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void manyAttemptsNeverOverflowPastTheCap() {
    assertThat(delays(() -> 0.999, 100)).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(MAX));
  }

  @Test
  void rejectsBoundsThatMakeNoSense() {
    assertThatThrownBy(() -> Backoff.of(Duration.ZERO, MAX)).hasMessage("min must be > 0: PT0S");
    assertThatThrownBy(() -> Backoff.of(MAX, MIN)).hasMessage("max < min: PT0.1S < PT2S");
  }

  private static List<Duration> delays(java.util.function.DoubleSupplier random, int n) {
    Backoff backoff = Backoff.of(MIN, MAX);
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Backoff.Result result = backoff.next(random);
      delays.add(result.delay());
      backoff = result.next();
    }
    return delays;
  }
}
