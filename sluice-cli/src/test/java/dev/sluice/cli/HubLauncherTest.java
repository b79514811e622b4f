package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HubLauncherTest {
  @Test
  void printedTransportHidesPasswordsButKeepsTheRest() {
    assertThat(HubLauncher.withoutSecrets(URI.create("redis://127.0.0.1:6379/0")))
        .isEqualTo("redis://127.0.0.1:6379/0");
    assertThat(HubLauncher.withoutSecrets(URI.create("rediss://app:s3cret@redis.internal:6380/2?timeout=5s")))
        .isEqualTo("rediss://app:***@redis.internal:6380/2?timeout=5s");
    assertThat(HubLauncher.withoutSecrets(URI.create("redis://:s3cret@localhost")))
        .isEqualTo("redis://:***@localhost");
    assertThat(HubLauncher.withoutSecrets(URI.create("redis://s3cret@localhost")))
        .as("a lone user info is how Redis URIs often carry a password")
        .isEqualTo("redis://***@localhost");
    assertThat(HubLauncher.withoutSecrets(URI.create("redis://localhost?db=1&password=s3cret&x=1")))
        .isEqualTo("redis://localhost?db=1&password=***&x=1");
  }
}
