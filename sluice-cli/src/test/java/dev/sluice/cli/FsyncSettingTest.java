package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.FsyncPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code --fsync} setting's forms (moved from the hub's FsyncPolicyTest with the parser). */
class FsyncSettingTest {
  @Test
  void parsesTheThreePolicies() {
    assertThat(HubSettings.fsync("batch")).isEqualTo(FsyncPolicy.BATCH);
    assertThat(HubSettings.fsync("OS")).isEqualTo(FsyncPolicy.OS);
    assertThat(HubSettings.fsync("interval:250ms")).isEqualTo(FsyncPolicy.interval(Duration.ofMillis(250)));
    assertThat(HubSettings.fsync("interval:1s").toString()).isEqualTo("interval:1000ms");
  }

  @Test
  void refusesAnythingElseNamingTheChoices() {
    assertThatThrownBy(() -> HubSettings.fsync("sometimes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch, os or interval");
    assertThatThrownBy(() -> HubSettings.fsync("interval:0ms"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
