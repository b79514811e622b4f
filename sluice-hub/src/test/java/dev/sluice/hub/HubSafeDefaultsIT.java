package dev.sluice.hub;

import static dev.sluice.hub.HubFixture.get;
import static dev.sluice.hub.HubFixture.publish;
import static dev.sluice.hub.HubFixture.published;
import static dev.sluice.hub.HubFixture.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's safe defaults over real sockets (issue 14): retries stored once, development tokens
 * only for this machine, metrics off a public port, health that tells a store it cannot write.
 */
class HubSafeDefaultsIT {
  private static final String TOPIC = "https://example.com/retries";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aRetriedPublishIsAcknowledgedWithTheStoredIdAndDeliveredOnce() throws Exception {
    try (Hub hub = HubFixture.start(HubConfig.builder().dataDir(dir).build());
         SseClient subscriber = HubFixture.subscribe(hub, "match=" + q(TOPIC))) {
      subscriber.startReading();
      assertThat(published(hub, "topic", TOPIC, "id", "order-7", "data", "paid")).isEqualTo("order-7");
      assertThat(published(hub, "topic", TOPIC, "id", "order-7", "data", "paid"))
          .as("the retry").isEqualTo("order-7");
      published(hub, "topic", TOPIC, "id", "order-8", "data", "shipped");

      assertThat(subscriber.nextData()).isEqualTo("paid");
      assertThat(subscriber.nextData()).as("not the retry again").isEqualTo("shipped");
    }
  }

  @Test
  void anIdReusedWithOtherContentIsNotStored() throws Exception {
    try (Hub hub = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY).build());
         SseClient subscriber = HubFixture.subscribe(hub, "match=" + q(TOPIC))) {
      subscriber.startReading();
      published(hub, "topic", TOPIC, "id", "order-9", "data", "paid");
      HttpResponse<String> reused = publish(hub, HubFixture.PUBLISHER,
          "topic", TOPIC, "id", "order-9", "data", "refunded");
      published(hub, "topic", TOPIC, "id", "order-10", "data", "next");

      // Other content under a held id is the publisher's error: 409, and never stored.
      assertThat(reused.statusCode()).isEqualTo(409);
      assertThat(reused.body()).contains("id is already used");
      assertThat(subscriber.nextData()).isEqualTo("paid");
      assertThat(subscriber.nextData()).isEqualTo("next");
    }
  }

  @Test
  void developmentTokensAreOfferedOnlyToAClientOnThisMachineThatNoProxyForwarded()
      throws Exception {
    HubConfig config = HubConfig.builder().port(0).bindAddress("127.0.0.1")
        .store(HubConfig.Store.MEMORY).auth(Tokens.authConfig()).build();
    try (Hub hub = Hub.builder(config).uiTokens("pub-token", "sub-token").build().start()) {
      assertThat(get(hub, "/ui/config", Map.of()).body()).contains("pub-token");
      assertThat(get(hub, "/ui/config", Map.of("X-Forwarded-For", "203.0.113.9")).body())
          .isEqualTo("{}");
      assertThat(get(hub, "/ui/config", Map.of("Forwarded", "for=203.0.113.9")).body())
          .isEqualTo("{}");
    }
  }

  @Test
  void withAManagementPortMetricsAndStatsLeaveTheMainPort() throws Exception {
    HubConfig config = HubConfig.builder().store(HubConfig.Store.MEMORY).managementPort(0).build();
    try (Hub hub = HubFixture.start(config)) {
      int management = hub.managementPort().orElseThrow();
      assertThat(get(hub, "/metrics", Map.of()).statusCode()).isEqualTo(404);
      assertThat(get(hub, "/ui/stats", Map.of()).statusCode()).isEqualTo(404);

      HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + management + "/metrics")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("sluice_");
      try (SseClient stats = SseClient.open(
          URI.create("http://127.0.0.1:" + management + "/ui/stats"), Map.of())) {
        stats.startReading();
        assertThat(stats.nextEvent().event()).contains("stats");
      }
    }
  }

  @Test
  void onLoopbackWithoutAManagementPortMetricsStayOnTheMainPort() throws Exception {
    try (Hub hub = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY).build())) {
      assertThat(get(hub, "/metrics", Map.of()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void healthReportsAStoreFileItCannotWrite() throws Exception {
    try (Hub hub = HubFixture.start(HubConfig.builder().dataDir(dir).build())) {
      assertThat(get(hub, "/healthz", Map.of()).statusCode()).isEqualTo(200);
      // Root passes every permission check, so remove the file under the running hub instead.
      Files.delete(dir.resolve("updates.mv.db"));

      HttpResponse<String> health = get(hub, "/healthz", Map.of());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("not writable");
    }
  }
}
