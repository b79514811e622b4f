package dev.sluice.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
  @Test
  void keepsATenthOfTheFileLimitFree() {
    assertThat(ConnectionLimits.effectiveMax(15_000, OptionalLong.of(20_000))).isEqualTo(15_000);
    assertThat(ConnectionLimits.effectiveMax(15_000, OptionalLong.of(10_000))).isEqualTo(9_000);
  }

  @Test
  void keepsAtLeastAFewDescriptorsFreeUnderASmallLimit() {
    assertThat(ConnectionLimits.effectiveMax(15_000, OptionalLong.of(1024))).isEqualTo(1024 - 128);
    assertThat(ConnectionLimits.effectiveMax(15_000, OptionalLong.of(100))).isEqualTo(1);
  }

  @Test
  void anUnknownLimitLeavesTheConfiguredOne() {
    assertThat(ConnectionLimits.effectiveMax(15_000, OptionalLong.empty())).isEqualTo(15_000);
  }

  @Test
  void readsThisProcesssLimit() {
    OptionalLong limit = ConnectionLimits.fileDescriptorLimit();
    assertThat(limit).isPresent();
    assertThat(limit.getAsLong()).isPositive();
  }
}
