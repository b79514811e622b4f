package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** IDEs complete the sluice.* properties from the metadata the configuration processor writes. */
class ConfigurationMetadataTest {
  @Test
  void everyPropertyIsDescribedInTheMetadata() throws IOException {
    String metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("spring-configuration-metadata.json in the starter jar").isNotNull();
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(metadata).contains("\"sluice.hub.url\"", "\"sluice.publisher.token\"", "\"sluice.jwt.secret\"",
        "\"sluice.jwt.format\"", "\"sluice.publisher.max-attempts\"", "\"sluice.sse.heartbeat\"",
        "\"sluice.sse.buffer-size\"", "\"sluice.hub.health-timeout\"", "\"sluice.hub.enabled\"", "\"sluice.hub.port\"",
        "\"sluice.hub.store\"", "\"sluice.hub.data-dir\"");
    // Descriptions come from the fields' Javadoc.
    assertThat(metadata).contains("The hub's Mercure endpoint");
  }
}
