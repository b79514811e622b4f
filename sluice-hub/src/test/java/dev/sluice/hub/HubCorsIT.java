package dev.sluice.hub;

import dev.sluice.server.testing.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.SseClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Browsers on an allowed origin may subscribe and publish; others get no CORS headers. */
@ExtendWith(LeakCheck.class)
class HubCorsIT {
  private static final String APP = "https://app.example";
  private static Hub hub;

  @BeforeAll
  static void start() {
    hub = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY)
        .corsOrigins(List.of(APP)).build());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void preflightForPublishingFromAnAllowedOriginAllowsAuthorizationWithCredentials() throws Exception {
    HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            HubFixture.uri(hub, "/.well-known/mercure"))
        .timeout(Duration.ofSeconds(10))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", APP)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isBetween(200, 204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("authorization");
  }

  @Test
  void subscriberFromAnAllowedOriginCanReadMercureLastEventId() throws Exception {
    try (SseClient subscriber = HubFixture.subscribe(hub, "match=*",
        Map.of("Origin", APP, "Last-Event-ID", "earliest"))) {
      assertThat(subscriber.header("Access-Control-Allow-Origin").orElse(null)).isEqualTo(APP);
      assertThat(subscriber.header("Access-Control-Expose-Headers").orElse(null)).contains("Mercure-Last-Event-ID");
    }
  }

  @Test
  void otherOriginsGetNoCorsHeaders() throws Exception {
    try (SseClient subscriber = HubFixture.subscribe(hub, "match=*", Map.of("Origin", "https://evil.example"))) {
      assertThat(subscriber.header("Access-Control-Allow-Origin").orElse(null)).isNull();
    }
  }
}
