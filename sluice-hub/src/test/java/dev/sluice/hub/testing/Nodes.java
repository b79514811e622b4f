package dev.sluice.hub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.hub.auth.TokenMinter;
import dev.sluice.hub.auth.TokenSpec;
import dev.sluice.hub.spi.Retention;
import dev.sluice.server.testing.SseClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Real hub nodes on loopback port 0 sharing one transport (Redis, PostgreSQL), and the HTTP calls
 * the transports' cluster tests make to them.
 */
public final class Nodes {
  public static final String SECRET = "sluice-cluster-tests-secret-of-at-least-32-bytes";
  /** The issuer of the tests' tokens and the resource identifier every node shares. */
  public static final String ISSUER = "https://cluster-tests.sluice.test";
  public static final String AUDIENCE = "https://cluster.sluice.test/.well-known/mercure";
  public static final String PUBLISHER = TokenMinter.hs256(SECRET).mint(TokenSpec.builder().publish("*")
      .issuer(ISSUER).audience(AUDIENCE).expiresAt(Instant.now().plus(Duration.ofHours(1))).build());
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Nodes() {}

  /** Starts a hub node on a free port using {@code transport}. */
  public static Hub start(URI transport) {
    return start(transport, Retention.DEFAULT);
  }

  public static Hub start(URI transport, Retention retention) {
    AuthConfig auth = AuthConfig.builder().keys(KeySource.hs256(SECRET)).issuer(ISSUER)
        .audience(AUDIENCE).anonymousSubscribers(true).build();
    return Hub.create(HubConfig.builder().port(0).bindAddress("127.0.0.1").transport(transport)
        .retention(retention).auth(auth).build()).start();
  }

  /**
   * Stops a node. Keep-alive connections of the tests' HTTP client stay open until the shutdown
   * deadline, so a short one keeps the suite fast; streams are closed before it either way.
   */
  public static void stop(Hub hub) {
    if (hub != null) {
      hub.stop(Duration.ofMillis(500));
    }
  }

  public static URI url(Hub hub, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + hub.port() + pathAndQuery);
  }

  /** Subscribes to {@code topic} on {@code hub}, with extra request headers. */
  public static SseClient subscribe(Hub hub, String topic, Map<String, String> headers) throws Exception {
    SseClient subscriber = SseClient.open(url(hub, "/.well-known/mercure?match=" + encode(topic)), headers);
    assertThat(subscriber.status()).as("subscribe status").isEqualTo(200);
    return subscriber;
  }

  public static SseClient subscribe(Hub hub, String topic) throws Exception {
    return subscribe(hub, topic, Map.of());
  }

  /** POSTs an update; returns the response whatever its status. */
  public static HttpResponse<String> publish(Hub hub, String topic, String data) throws Exception {
    return post(hub, "topic=" + encode(topic) + "&data=" + encode(data));
  }

  /** POSTs an update with the publisher's own event id, as a publisher that retries does. */
  public static HttpResponse<String> publishWithId(Hub hub, String topic, String id, String data)
      throws Exception {
    return post(hub, "topic=" + encode(topic) + "&id=" + encode(id) + "&data=" + encode(data));
  }

  private static HttpResponse<String> post(Hub hub, String form) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(url(hub, "/.well-known/mercure"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Bearer " + PUBLISHER)
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Publishes and returns the event id; fails unless the hub answered 200. */
  public static String published(Hub hub, String topic, String data) throws Exception {
    HttpResponse<String> response = publish(hub, topic, data);
    if (response.statusCode() != 200) {
      throw new AssertionError("publish answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
