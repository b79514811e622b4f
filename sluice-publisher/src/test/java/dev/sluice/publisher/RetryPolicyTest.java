package dev.sluice.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = RetryPolicy.defaults().jitter(0);

  @Test
  void doublesFromTheInitialDelayUpToTheCap() {
    assertThat(policy.delayAfter(1, Duration.ZERO, 0.7)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayAfter(2, Duration.ZERO, 0.7)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delayAfter(3, Duration.ZERO, 0.7)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.delayAfter(5, Duration.ZERO, 0.7)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(500, Duration.ZERO, 0.7)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void jitterTakesOffUpToItsFraction() {
    RetryPolicy half = RetryPolicy.defaults().jitter(0.5);
    assertThat(half.delayAfter(2, Duration.ZERO, 0)).isEqualTo(Duration.ofMillis(400));
    assertThat(half.delayAfter(2, Duration.ZERO, 0.5)).isEqualTo(Duration.ofMillis(300));
    assertThat(half.delayAfter(2, Duration.ZERO, 0.999)).isGreaterThan(Duration.ofMillis(200));
  }

  @Test
  void retryAfterRaisesTheDelayButNotPastTheCap() {
    assertThat(policy.delayAfter(1, Duration.ofSeconds(1), 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayAfter(1, Duration.ofSeconds(60), 0)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void noneMeansOneAttempt() {
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> RetryPolicy.defaults().maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.defaults().jitter(1.5)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.defaults().initialDelay(Duration.ofMillis(-1)))
        .hasMessageContaining("initialDelay");
  }
}
