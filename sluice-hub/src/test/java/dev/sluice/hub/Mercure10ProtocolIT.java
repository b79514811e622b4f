package dev.sluice.hub;

import static dev.sluice.hub.HubFixture.published;
import static dev.sluice.hub.HubFixture.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mercure 1.0's subscribe, publish, subscriptions-API and CORS rules, one test per rule, against
 * real hubs on loopback: a strict one, and one in compatibility mode 8. The tests marked "issue 14
 * hole N" failed on the hub before the rule was built (the answer or log in parentheses).
 */
@ExtendWith(LeakCheck.class)
class Mercure10ProtocolIT {
  private static final String FORM = "Content-Type: application/x-www-form-urlencoded";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static Hub hub;
  private static Hub compat;
  private static Hub anyOrigin;

  @BeforeAll
  static void start() {
    hub = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY).subscriptionEvents(true)
        .corsOrigins(List.of("https://app.example")).build());
    compat = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY)
        .protocolVersionCompatibility(8).build());
    anyOrigin = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY)
        .corsOrigins(List.of("*")).build());
  }

  @AfterAll
  static void stop() {
    hub.close();
    compat.close();
    anyOrigin.close();
  }

  // ---- Subscribe ----

  @Test
  void theThreeMatcherParametersSubscribe() throws Exception {
    String topic = "https://example.com/m10/names/1";
    try (SseClient match = open(hub, "match=" + q(topic));
        SseClient exact = open(hub, "match_exact=" + q(topic));
        SseClient pattern = open(hub, "match_urlpattern=" + q("https://example.com/m10/names/:id"))) {
      published(hub, "topic", topic, "data", "one");
      assertThat(match.nextData()).isEqualTo("one");
      assertThat(exact.nextData()).isEqualTo("one");
      assertThat(pattern.nextData()).isEqualTo("one");
    }
  }

  @Test
  void everyOtherNameInTheMatchNamespaceIsRefusedIgnoringAsciiCase() throws Exception {
    for (String name : List.of("Match", "MATCH", "matchExact", "matchURLPattern", "match_URLPATTERN",
        "matches", "match_foo", "mAtCh_exact")) {
      Answer answer = get(hub, "/.well-known/mercure?" + name + "=x");
      assertThat(answer.status).as(name).isEqualTo(400);
      assertThat(answer.body).as(name).contains("unknown matcher parameter");
    }
    try (SseClient other = open(hub, "match=x&matc=y&other=z")) { // Names outside it are ignored.
      assertThat(other.status()).isEqualTo(200);
    }
  }

  @Test
  void thePre10ParametersAreRefusedWithTheirReplacementNamed() throws Exception {
    Answer topic = get(hub, "/.well-known/mercure?topic=x");
    assertThat(topic.status).isEqualTo(400);
    assertThat(topic.body).contains("\"match\"");
    Answer lastEventId = get(hub, "/.well-known/mercure?match=x&lastEventID=earliest");
    assertThat(lastEventId.status).isEqualTo(400);
    assertThat(lastEventId.body).contains("last_event_id");
  }

  @Test
  void compatibilityMode8AcceptsTopicTemplatesAndLastEventID() throws Exception {
    String first = published(compat, "topic", "https://example.com/shelves/1", "data", "a");
    published(compat, "topic", "https://example.com/shelves/2", "data", "b");
    try (SseClient template = open(compat, "topic=" + q("https://example.com/shelves/{id}")
        + "&lastEventID=" + q(first))) {
      assertThat(template.header("Mercure-Last-Event-ID")).contains(first);
      assertThat(template.nextData()).isEqualTo("b");
    }
    HttpResponse<String> mercureType = post(compat, HubFixture.PUBLISHER, "topic=x&type=mercure");
    assertThat(mercureType.statusCode()).isEqualTo(400); // Compatibility relaxes no publish rule.
  }

  @Test
  void matcherValuesFollowTheSharedValidator() throws Exception {
    for (String value : List.of("a%01b", "a%7Fb", "a%C2%85b", "a%E2%80%8Eb", "a%E2%80%AEb", "%EF%BB%BFa",
        "")) {
      Answer answer = get(hub, "/.well-known/mercure?match=" + value);
      assertThat(answer.status).as(value).isEqualTo(400);
      assertThat(answer.body).as(value).startsWith("invalid matcher");
    }
  }

  @Test
  void invalidUtf8InTheQueryIsRefusedNeverReplaced() throws Exception { // issue 14 hole 7 (was 200)
    for (String value : List.of("%FF", "a%C3", "%ED%A0%80")) {
      Answer answer = get(hub, "/.well-known/mercure?match=" + value);
      assertThat(answer.status).as(value).isEqualTo(400);
      assertThat(answer.body).isEqualTo("form field is not valid UTF-8");
    }
  }

  @Test
  void aBadPercentEscapeInTheQueryIsLiteralNot503() throws Exception { // issue 14 hole 3 (was 503)
    try (SseClient literal = open(hub, "match=%zz")) {
      assertThat(literal.status()).isEqualTo(200);
      published(hub, "topic", "%zz", "data", "literal");
      assertThat(literal.nextData()).isEqualTo("literal");
    }
  }

  @Test
  void theSemicolonIsNotASeparator() throws Exception {
    try (SseClient subscriber = open(hub, "match=" + "https://example.com/m10/a;b")) {
      published(hub, "topic", "https://example.com/m10/a;b", "data", "whole");
      assertThat(subscriber.nextData()).isEqualTo("whole");
    }
  }

  @Test
  void lastEventIdParameterReplaysAndTheHeaderWins() throws Exception {
    String topic = "https://example.com/m10/replay";
    String first = published(hub, "topic", topic, "data", "1");
    String second = published(hub, "topic", topic, "data", "2");
    published(hub, "topic", topic, "data", "3");
    try (SseClient param = open(hub, "match=" + q(topic) + "&last_event_id=" + q(first));
        SseClient both = open(hub, "match=" + q(topic) + "&last_event_id=" + q(first),
            "Last-Event-ID: " + second)) {
      assertThat(param.header("Mercure-Last-Event-ID")).contains(first);
      assertThat(param.nextData()).isEqualTo("2");
      assertThat(both.header("Mercure-Last-Event-ID")).contains(second);
      assertThat(both.nextData()).isEqualTo("3");
    }
  }

  @Test
  void mercureLastEventIdIsAnsweredEvenForAnEmptyId() throws Exception {
    try (SseClient param = open(hub, "match=x&last_event_id=");
        SseClient header = open(hub, "match=x", "Last-Event-ID: ");
        SseClient none = open(hub, "match=x")) {
      assertThat(param.header("Mercure-Last-Event-ID")).contains("earliest");
      assertThat(header.header("Mercure-Last-Event-ID")).contains("earliest");
      assertThat(none.header("Mercure-Last-Event-ID")).isEmpty();
    }
  }

  @Test
  void queryMethodTakesTheUnionOfQueryAndFormBody() throws Exception {
    String a = "https://example.com/m10/query/a";
    String b = "https://example.com/m10/query/b";
    String first = published(hub, "topic", b, "data", "old");
    try (SseClient subscriber = SseClient.send(hub.port(), "QUERY", "/.well-known/mercure?match=" + q(a),
        "match=" + q(b) + "&last_event_id=" + q(first), FORM, "Accept: text/event-stream")) {
      subscriber.startReading();
      assertThat(subscriber.status()).isEqualTo(200);
      assertThat(subscriber.header("Mercure-Last-Event-ID")).contains(first);
      published(hub, "topic", a, "data", "from a");
      published(hub, "topic", b, "data", "from b");
      assertThat(subscriber.nextData()).isEqualTo("from a");
      assertThat(subscriber.nextData()).isEqualTo("from b");
    }
    try (SseClient json = SseClient.send(hub.port(), "QUERY", "/.well-known/mercure", "{}",
        "Content-Type: application/json")) {
      assertThat(json.status()).isEqualTo(415);
    }
    try (SseClient bodiless = SseClient.send(hub.port(), "QUERY", "/.well-known/mercure?match=x", null)) {
      assertThat(bodiless.status()).isEqualTo(200);
    }
    try (SseClient reserved = SseClient.send(hub.port(), "QUERY", "/.well-known/mercure", "Match=x", FORM)) {
      assertThat(reserved.status()).isEqualTo(400); // The body's names follow the same rules.
    }
  }

  // ---- Publish ----

  @Test
  void theReservedNamespaceIsRefusedWith400WhateverTheToken() throws Exception {
    for (String topic : List.of("/.well-known/mercure/subscriptions/x", "mercure/x", "./mercure", "?a", "#f",
        "https://h/.well-known/mercure/{x}", "https://h/.well-known/%2e%2e/.well-known/mercure/x",
        "/.well-known/%6Dercure/x", "https://other.example/.well-known/mercure")) {
      HttpResponse<String> anonymous = post(hub, null, "topic=" + q(topic));
      assertThat(anonymous.statusCode()).as(topic).isEqualTo(400);
      assertThat(anonymous.body()).contains("reserved");
    }
    for (String topic : List.of("x", "urn:foo:/.well-known/mercure", "/.well-known%2Fmercure/x")) {
      assertThat(post(hub, HubFixture.PUBLISHER, "topic=" + q(topic)).statusCode()).as(topic).isEqualTo(200);
    }
  }

  @Test
  void topicsJavaNetUriCannotParseCannotForgeSubscriptionEvents() throws Exception { // issue 14 hole 6 (was 200)
    String watcherToken = Tokens.subscriber("*");
    try (SseClient watcher = open(hub, "match_urlpattern=" + q("/.well-known/mercure/subscriptions/*"),
        "Authorization: Bearer " + watcherToken)) {
      for (String topic : List.of("/.well-known/mercure/subscriptions/exact/a b/urn:x",
          "/.well-known/mercure/subscriptions/exact/a|b/urn:x", "/.well-known/mercure\\subscriptions/x",
          "https://h/.well-known/mercure/subscriptions/{x}")) {
        HttpResponse<String> forged = post(hub, HubFixture.PUBLISHER, "topic=" + q(topic) + "&data=forged");
        assertThat(forged.statusCode()).as(topic).isEqualTo(400);
      }
      try (SseClient marker = open(hub, "match=" + q("https://example.com/m10/marker"))) {
        // Every event up to the marker subscriber's arrival is a real one: nothing forged came.
        String match;
        do {
          ServerSentEvent event = watcher.nextEvent();
          assertThat(event.type()).isEqualTo("mercure");
          assertThat(event.data()).doesNotContain("forged");
          match = new ObjectMapper().readTree(event.data()).get("match").asText();
        } while (!match.equals("https://example.com/m10/marker"));
      }
    }
  }

  @Test
  void theWildcardAndTheMercureTypeAreNotForPublishers() throws Exception {
    HttpResponse<String> star = post(hub, HubFixture.PUBLISHER, "topic=*");
    assertThat(star.statusCode()).isEqualTo(400);
    assertThat(star.body()).contains("wildcard");
    HttpResponse<String> type = post(hub, HubFixture.PUBLISHER, "topic=x&type=mercure");
    assertThat(type.statusCode()).isEqualTo(400);
    assertThat(type.body()).contains("reserved");
  }

  @Test
  void topicIdAndTypeFollowTheSharedValidator() throws Exception {
    for (String form : List.of("topic=a%E2%80%8Bb", "topic=a%C2%85b", "topic=x&id=a%E2%80%8Bb", "topic=x&id=%C2%85",
        "topic=x&type=a%01b", "topic=x&type=a%E2%80%AEb")) {
      assertThat(post(hub, HubFixture.PUBLISHER, form).statusCode()).as(form).isEqualTo(400);
    }
  }

  @Test
  void invalidUtf8InTheFormIsRefusedNeverReplaced() throws Exception { // issue 14 hole 7 (was 200 with U+FFFD)
    assertThat(post(hub, HubFixture.PUBLISHER, "topic=https://example.com/%FF&data=x").statusCode()).isEqualTo(400);
    assertThat(post(hub, HubFixture.PUBLISHER, "topic=x&data=%C3").statusCode()).isEqualTo(400);
    byte[] raw = "topic=x&data=\u00ff".getBytes(StandardCharsets.ISO_8859_1); // A raw 0xFF byte.
    HttpResponse<String> rawByte = HTTP.send(HttpRequest.newBuilder(HubFixture.uri(hub, "/.well-known/mercure"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Bearer " + HubFixture.PUBLISHER)
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(rawByte.statusCode()).isEqualTo(400);
    assertThat(rawByte.body()).isEqualTo("form field is not valid UTF-8");
  }

  @Test
  void aBadPercentEscapeIsNeverA500AndNeverLogsTheBody() throws Exception { // issue 14 hole 3 (was 500 + body at SEVERE)
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override public synchronized void publish(LogRecord record) { records.add(record); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      String marker = "BODY-MARKER-" + System.nanoTime();
      String body = "data=" + marker + "-" + "a".repeat(32 * 1024) + "%zz" + "a".repeat(32 * 1024);
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> anonymous = post(hub, null, body);
        assertThat(anonymous.statusCode()).isEqualTo(400); // No topic: refused before any token check.
        assertThat(anonymous.body()).isEqualTo("missing topic");
      }
      HttpResponse<String> stored = post(hub, HubFixture.PUBLISHER, "topic=https://example.com/m10/pct&data=100%zz");
      assertThat(stored.statusCode()).isEqualTo(200); // WHATWG: an invalid escape is literal text.
    } finally {
      root.removeHandler(capture);
    }
    synchronized (capture) {
      assertThat(records).noneMatch(r -> String.valueOf(r.getMessage()).contains("BODY-MARKER")
          || (r.getThrown() != null && String.valueOf(r.getThrown().getMessage()).contains("BODY-MARKER")));
      assertThat(records).noneMatch(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue());
    }
  }

  @Test
  void fieldsPastTheLimitAreRefusedNeverDropped() throws Exception { // issue 14 hole 4 (was 200, stored public)
    try (SseClient anonymous = open(hub, "match=*")) {
      StringBuilder form = new StringBuilder("data=secret");
      for (int i = 0; i < 9_999; i++) {
        form.append("&topic=https://example.com/m10/many");
      }
      form.append("&private=on&id=mine");
      HttpResponse<String> hole = post(hub, HubFixture.PUBLISHER, form.toString()); // The reported form.
      assertThat(hole.statusCode()).isEqualTo(413);
      assertThat(hole.body()).isEqualTo("too many form fields (max 10000)");

      String topics = "data=secret" + "&topic=https://example.com/m10/many".repeat(1001) + "&private=on";
      HttpResponse<String> tooManyTopics = post(hub, HubFixture.PUBLISHER, topics);
      assertThat(tooManyTopics.statusCode()).isEqualTo(413);
      assertThat(tooManyTopics.body()).isEqualTo("too many topic fields (max 1000)");

      StringBuilder padded = new StringBuilder("data=secret&topic=https://example.com/m10/many");
      for (int i = 0; i < 10_000; i++) {
        padded.append("&pad=").append(i);
      }
      padded.append("&private=on");
      HttpResponse<String> tooManyFields = post(hub, HubFixture.PUBLISHER, padded.toString());
      assertThat(tooManyFields.statusCode()).isEqualTo(413);
      assertThat(tooManyFields.body()).isEqualTo("too many form fields (max 10000)");

      published(hub, "topic", "https://example.com/m10/honest", "data", "honest");
      assertThat(anonymous.nextData()).isEqualTo("honest"); // Nothing was delivered before it.
    }
  }

  // ---- Subscriptions API ----

  @Test
  void subscriptionEventsAreMercureTypedJsonAndTheApiCarriesTheCursorInItsLink() throws Exception {
    String watcherToken = Tokens.subscriber("*");
    String topic = "https://example.com/m10/watched";
    try (SseClient watcher = open(hub, "match_urlpattern=" + q("/.well-known/mercure/subscriptions/*/*/*"),
        "Authorization: Bearer " + watcherToken);
        SseClient subscriber = open(hub, "match_urlpattern=" + q(topic + "/:id"))) {
      ServerSentEvent event;
      JsonNode doc;
      do { // The watcher's own subscription is announced too; find the subscriber's.
        event = watcher.nextEvent();
        assertThat(event.type()).isEqualTo("mercure");
        doc = new ObjectMapper().readTree(event.data());
      } while (!doc.get("match").asText().equals(topic + "/:id"));
      assertThat(doc.get("type").asText()).isEqualTo("subscription");
      assertThat(doc.get("match_type").asText()).isEqualTo("urlpattern");
      assertThat(doc.has("@context")).isFalse();
      assertThat(doc.get("id").asText()).startsWith("/.well-known/mercure/subscriptions/urlpattern/"
          + "https%3A%2F%2Fexample.com%2Fm10%2Fwatched%2F%3Aid/urn%3Auuid%3A");

      HttpResponse<String> api = HubFixture.get(hub, "/.well-known/mercure/subscriptions/urlpattern/"
          + "https%3A%2F%2Fexample.com%2Fm10%2Fwatched%2F%3Aid", Map.of("Authorization", "Bearer " + watcherToken));
      assertThat(api.statusCode()).isEqualTo(200);
      assertThat(api.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(api.headers().firstValue("Link").orElseThrow()).isEqualTo("</.well-known/mercure>; rel=\"mercure\"; "
          + "last-event-id=\"" + event.id().orElseThrow() + "\"; type=\"mercure\"; content-type=\"application/json\"");
      JsonNode collection = new ObjectMapper().readTree(api.body());
      assertThat(collection.get("type").asText()).isEqualTo("subscriptions");
      assertThat(collection.has("@context")).isFalse();
      assertThat(collection.has("lastEventID")).isFalse();
      assertThat(collection.get("subscriptions")).containsExactly(doc);

      HttpResponse<String> single = HubFixture.get(hub, doc.get("id").asText(),
          Map.of("Authorization", "Bearer " + watcherToken));
      assertThat(new ObjectMapper().readTree(single.body())).isEqualTo(doc);
    }
  }

  // ---- CORS ----

  @Test
  void anyOriginIsNeverEchoedWithCredentials() throws Exception {
    try (SseClient subscriber = open(anyOrigin, "match=x", "Origin: https://evil.example")) {
      assertThat(subscriber.header("Access-Control-Allow-Origin")).contains("*");
      assertThat(subscriber.header("Access-Control-Allow-Credentials")).isEmpty();
      assertThat(subscriber.header("Access-Control-Expose-Headers").orElseThrow()).contains("Mercure-Last-Event-ID");
    }
    try (SseClient listed = open(hub, "match=x", "Origin: https://evil.example")) {
      assertThat(listed.header("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void preflightAllowsTheQueryMethod() throws Exception {
    try (SseClient preflight = SseClient.send(hub.port(), "OPTIONS", "/.well-known/mercure", null,
        "Origin: https://app.example", "Access-Control-Request-Method: QUERY",
        "Access-Control-Request-Headers: content-type")) {
      assertThat(preflight.status()).isBetween(200, 204);
      assertThat(preflight.header("Access-Control-Allow-Methods").orElseThrow()).contains("QUERY");
      assertThat(preflight.header("Access-Control-Allow-Origin")).contains("https://app.example");
      assertThat(preflight.header("Access-Control-Allow-Credentials")).contains("true");
    }
  }

  // ---- Helpers ----

  private record Answer(int status, String body) {}

  /** A raw {@code GET} (the target is sent as written, bad escapes included) that is not a stream. */
  private static Answer get(Hub target, String rawTarget) throws Exception {
    try (SseClient client = SseClient.send(target.port(), "GET", rawTarget, null, "Connection: close")) {
      assertThat(client.status()).as(rawTarget).isNotEqualTo(200);
      return new Answer(client.status(), client.readAll());
    }
  }

  /** Subscribes with a raw query and extra header lines; events are parsed as they come. */
  private static SseClient open(Hub target, String rawQuery, String... headerLines) throws Exception {
    SseClient client = SseClient.open(target.port(), "/.well-known/mercure?" + rawQuery, headerLines);
    assertThat(client.status()).as(rawQuery).isEqualTo(200);
    return client;
  }

  /** POSTs a form written by hand (so its escapes are exactly as given). */
  private static HttpResponse<String> post(Hub target, String token, String form) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(HubFixture.uri(target, "/.well-known/mercure"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
