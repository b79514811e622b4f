package dev.sluice.hub.internal.store;

import dev.sluice.hub.FsyncPolicy;
import static org.assertj.core.api.Assertions.assertThat;

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
