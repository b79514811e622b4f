package dev.sluice.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HubLogTest {
  @Test
  void theTransportUriIsLoggedWithoutItsPassword() {
    assertThat(Hub.withoutPassword(URI.create("postgresql://hub:s3cret@db:5432/app?schema=x")))
        .isEqualTo("postgresql://hub:***@db:5432/app?schema=x");
    assertThat(Hub.withoutPassword(URI.create("redis://:s3cret@h:6379/0"))).isEqualTo("redis://:***@h:6379/0");
    assertThat(Hub.withoutPassword(URI.create("redis://h:6379/0"))).isEqualTo("redis://h:6379/0");
    assertThat(Hub.withoutPassword(URI.create("postgresql://hub@db/app"))).isEqualTo("postgresql://hub@db/app");
  }
}
