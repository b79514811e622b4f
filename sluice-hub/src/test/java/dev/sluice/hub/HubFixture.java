package dev.sluice.hub;

import dev.sluice.server.testing.SseClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** Starts hubs on loopback port 0 and talks to them over real sockets. */
final class HubFixture {
  static final String PUBLISHER = Tokens.publisher();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static Hub start(HubConfig config) {
    return Hub.create(config.newBuilder().port(0).bindAddress("127.0.0.1").auth(Tokens.authConfig()).build())
        .start();
  }

  static URI uri(Hub hub, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + hub.port() + pathAndQuery);
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** POSTs a form to the hub; {@code fields} alternate name, value. */
  static HttpResponse<String> publish(Hub hub, String token, String... fields) throws Exception {
    StringJoiner form = new StringJoiner("&");
    for (int i = 0; i < fields.length; i += 2) {
      form.add(q(fields[i]) + "=" + q(fields[i + 1]));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(hub, "/.well-known/mercure"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Publishes and returns the id, failing the test unless the hub answered 200. */
  static String published(Hub hub, String... fields) throws Exception {
    HttpResponse<String> response = publish(hub, PUBLISHER, fields);
    if (response.statusCode() != 200) {
      throw new AssertionError("publish answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  static HttpResponse<String> get(Hub hub, String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(hub, path)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static SseClient subscribe(Hub hub, String query) throws Exception {
    return SseClient.open(uri(hub, "/.well-known/mercure?" + query), Map.of());
  }

  static SseClient subscribe(Hub hub, String query, Map<String, String> headers) throws Exception {
    return SseClient.open(uri(hub, "/.well-known/mercure?" + query), headers);
  }

  private HubFixture() {}
}
