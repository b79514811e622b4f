package dev.sluice.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.Update;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsyncPolicyTest {
  @TempDir Path dir;

  @Test
  void parsesTheThreePolicies() {
    assertThat(FsyncPolicy.parse("batch")).isEqualTo(FsyncPolicy.BATCH);
    assertThat(FsyncPolicy.parse("OS")).isEqualTo(FsyncPolicy.OS);
    assertThat(FsyncPolicy.parse("interval:250ms")).isEqualTo(FsyncPolicy.interval(Duration.ofMillis(250)));
    assertThat(FsyncPolicy.parse("interval:1s").toString()).isEqualTo("interval:1000ms");
  }

  @Test
  void refusesAnythingElseNamingTheChoices() {
    assertThatThrownBy(() -> FsyncPolicy.parse("sometimes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch, os or interval");
    assertThatThrownBy(() -> FsyncPolicy.parse("interval:0ms"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyPolicyStoresAndAcknowledges() throws Exception {
    for (FsyncPolicy policy : new FsyncPolicy[] {
        FsyncPolicy.BATCH, FsyncPolicy.OS, FsyncPolicy.interval(Duration.ofMillis(20))}) {
      MvStoreUpdateLog log = new MvStoreUpdateLog(dir.resolve(policy.mode().name()),
          Retention.DEFAULT, policy, Clock.systemUTC(), 100);
      log.start();
      try {
        log.append(Update.builder().id("a").topic("t").build()).toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
        assertThat(log.size()).as(policy.toString()).isEqualTo(1);
      } finally {
        log.close();
      }
    }
  }
}
