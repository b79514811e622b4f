package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {
  @Test
  void defaultsRunInRealTimeOnTheUtcClock() {
    DemoOptions options = DemoOptions.defaults();
    assertThat(options.timeScale()).isEqualTo(1.0);
    assertThat(options.clock().getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(options.scaled(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void scalesEveryIntervalButNeverBelowOneMillisecond() {
    DemoOptions fast = DemoOptions.builder().timeScale(0.01).build();
    assertThat(fast.scaled(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(10));
    assertThat(fast.scaled(Duration.ofMillis(40))).isEqualTo(DemoOptions.MIN_INTERVAL);
    assertThat(DemoOptions.builder().timeScale(2).build().scaled(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesATimeScaleThatIsNotPositiveAndFinite() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> DemoOptions.builder().timeScale(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("timeScale not positive and finite");
    }
  }

  @Test
  void newBuilderCopiesEveryOption() {
    Clock fixed = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    DemoOptions options = DemoOptions.builder().timeScale(0.5).clock(fixed).build();
    DemoOptions copy = options.newBuilder().build();
    assertThat(copy.timeScale()).isEqualTo(0.5);
    assertThat(copy.clock()).isSameAs(fixed);
  }
}
