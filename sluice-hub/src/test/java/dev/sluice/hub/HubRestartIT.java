package dev.sluice.hub;

import dev.sluice.server.testing.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import static dev.sluice.hub.HubFixture.published;
import static dev.sluice.hub.HubFixture.q;
import static dev.sluice.hub.HubFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History in the default MVStore store survives a stop and a start on the same data directory. */
@ExtendWith(LeakCheck.class)
class HubRestartIT {
  @TempDir Path dataDir;

  @Test
  void replaysFromAnIdPublishedBeforeTheRestart() throws Exception {
    String topic = "https://example.com/durable";
    HubConfig config = HubConfig.builder().dataDir(dataDir).build();
    String first;
    Hub before = HubFixture.start(config);
    try (SseClient connected = subscribe(before, "match=" + q(topic))) {
      first = published(before, "topic", topic, "data", "before-1");
      published(before, "topic", topic, "data", "before-2", "private", "on");
      published(before, "topic", topic, "data", "before-3");
      assertThat(connected.nextData()).isEqualTo("before-1");
      assertThat(connected.nextData()).isEqualTo("before-3");
      before.close();
      // Graceful shutdown: a randomized retry between the base (3 s) and twice it, then the end.
      assertThat(connected.nextRetryMillis()).isBetween(3_000L, 6_000L);
      assertThat(connected.awaitEnd(Duration.ofSeconds(5))).isTrue();
    } finally {
      before.close();
    }

    try (Hub after = HubFixture.start(config)) {
      String granted = Tokens.subscriber(topic);
      try (SseClient subscriber = subscribe(after, "match=" + q(topic),
          Map.of("Last-Event-ID", first, "Authorization", "Bearer " + granted))) {
        assertThat(subscriber.header("Mercure-Last-Event-ID").orElse(null)).isEqualTo(first);
        assertThat(subscriber.nextData()).isEqualTo("before-2");
        assertThat(subscriber.nextData()).isEqualTo("before-3");
        published(after, "topic", topic, "data", "after-1");
        assertThat(subscriber.nextData()).isEqualTo("after-1");
      }
    }
  }
}
