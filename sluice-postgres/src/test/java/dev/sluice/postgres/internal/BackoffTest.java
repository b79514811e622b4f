package dev.sluice.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Backoff BACKOFF = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void delaysDoubleWithinTheUpperHalfOfEachStepUpToTheCap() {
    Backoff b = BACKOFF;
    long[] stepsMillis = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
    for (long step : stepsMillis) {
      Backoff.Step low = b.next(() -> 0.0);
      Backoff.Step high = b.next(() -> 0.999_999);
      assertThat(low.delay()).isEqualTo(Duration.ofMillis(step / 2));
      assertThat(high.delay()).isBetween(Duration.ofMillis(step - 1), Duration.ofMillis(step));
      b = low.next();
    }
    assertThat(b.attempt()).isEqualTo(stepsMillis.length);
  }

  @Test
  void manyAttemptsNeverOverflowPastTheCap() {
    Backoff b = BACKOFF;
    for (int i = 0; i < 100; i++) {
      b = b.next(() -> 0.5).next();
    }
    assertThat(b.next(() -> 0.999).delay()).isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void resetStartsAgainFromTheSmallestStep() {
    Backoff b = BACKOFF.next(() -> 0).next().next(() -> 0).next().reset();
    assertThat(b.attempt()).isZero();
    assertThat(b.next(() -> 0).delay()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> Backoff.of(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
