package dev.sluice.hub;

import dev.sluice.server.testing.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import static dev.sluice.hub.HubFixture.get;
import static dev.sluice.hub.HubFixture.publish;
import static dev.sluice.hub.HubFixture.published;
import static dev.sluice.hub.HubFixture.q;
import static dev.sluice.hub.HubFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Mercure protocol over real loopback sockets, one hub for the class (memory store). */
@ExtendWith(LeakCheck.class)
class HubProtocolIT {
  private static final String BOOK = "https://example.com/books/1";
  private static Hub hub;

  @BeforeAll
  static void startHub() {
    hub = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY)
        .subscriptionEvents(true).build());
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  @Test
  void publishedUpdateReachesExactSubscriberWithIdTypeAndData() throws Exception {
    try (SseClient subscriber = subscribe(hub, "match=" + q(BOOK))) {
      assertThat(subscriber.status()).isEqualTo(200);
      assertThat(subscriber.header("Content-Type").orElse(null)).startsWith("text/event-stream");
      String id = published(hub, "topic", BOOK, "data", "{\"title\":\"Dune\"}", "type", "book");
      ServerSentEvent event = subscriber.nextEvent();
      assertThat(event.id()).contains(id);
      assertThat(event.type()).isEqualTo("book");
      assertThat(event.data()).isEqualTo("{\"title\":\"Dune\"}");
      assertThat(id).startsWith("urn:uuid:");
    }
  }

  @Test
  void wildcardAndExplicitExactMatcherBothMatch() throws Exception {
    try (SseClient all = subscribe(hub, "match=*");
        SseClient legacy = subscribe(hub, "match_exact=" + q("https://example.com/legacy"))) {
      published(hub, "topic", "https://example.com/legacy", "data", "one");
      assertThat(all.nextData()).isEqualTo("one");
      assertThat(legacy.nextData()).isEqualTo("one");
    }
  }

  @Test
  void urlPatternMatchesForEverySubscriber() throws Exception {
    try (SseClient camel = subscribe(hub, "match_urlpattern=" + q("https://example.com/authors/:id"));
        SseClient snake = subscribe(hub, "match_urlpattern=" + q("https://example.com/authors/:id"))) {
      published(hub, "topic", "https://example.com/authors/1/books", "data", "not me");
      published(hub, "topic", "https://example.com/authors/7", "data", "author 7");
      assertThat(camel.nextData()).isEqualTo("author 7");
      assertThat(snake.nextData()).isEqualTo("author 7");
    }
  }

  @Test
  void updateWithSeveralTopicsArrivesOnceAtASubscriberMatchingTwo() throws Exception {
    try (SseClient both = subscribe(hub, "match=" + q("https://ex/a") + "&match=" + q("https://ex/b"))) {
      published(hub, "topic", "https://ex/a", "topic", "https://ex/b", "data", "twice?");
      published(hub, "topic", "https://ex/b", "data", "marker");
      assertThat(both.nextData()).isEqualTo("twice?");
      assertThat(both.nextData()).isEqualTo("marker");
    }
  }

  @Test
  void privateUpdateReachesOnlyTheGrantedSubscriber() throws Exception {
    String topic = "https://example.com/private/1";
    String granted = Tokens.subscriber(topic);
    String other = Tokens.subscriber("https://example.com/private/2");
    try (SseClient anonymous = subscribe(hub, "match=" + q(topic));
        SseClient wrongGrant = subscribe(hub, "match=" + q(topic), Map.of("Authorization", "Bearer " + other));
        SseClient viaQuery = subscribe(hub, "match=" + q(topic),
            Map.of("Cookie", "__Secure-mercure_access_token=" + granted))) {
      published(hub, "topic", topic, "data", "secret", "private", "on");
      published(hub, "topic", topic, "data", "public");
      assertThat(viaQuery.nextData()).isEqualTo("secret");
      assertThat(viaQuery.nextData()).isEqualTo("public");
      assertThat(anonymous.nextData()).isEqualTo("public");
      assertThat(wrongGrant.nextData()).isEqualTo("public");
    }
  }

  @Test
  void streamClosesWhenTheTokenExpires() throws Exception {
    String soon = Tokens.subscriber(Instant.now().plusMillis(1500), "*");
    try (SseClient subscriber = subscribe(hub, "match=*", Map.of("Authorization", "Bearer " + soon))) {
      assertThat(subscriber.status()).isEqualTo(200);
      assertThat(subscriber.awaitEnd(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void expiredTokenIsRefusedWith401() throws Exception {
    String expired = Tokens.subscriber(Instant.now().minusSeconds(120), "*");
    try (SseClient subscriber = subscribe(hub, "match=*", Map.of("Authorization", "Bearer " + expired))) {
      assertThat(subscriber.status()).isEqualTo(401);
      assertThat(subscriber.header("WWW-Authenticate").orElse(null)).contains("invalid_token");
    }
  }

  @Test
  void replaysAfterLastEventIdHeaderAndAnswersMercureLastEventId() throws Exception {
    String topic = "https://example.com/replay/header";
    String first = published(hub, "topic", topic, "data", "1");
    published(hub, "topic", topic, "data", "2");
    published(hub, "topic", topic, "data", "3");
    try (SseClient subscriber = subscribe(hub, "match=" + q(topic), Map.of("Last-Event-ID", first))) {
      assertThat(subscriber.header("Mercure-Last-Event-ID").orElse(null)).isEqualTo(first);
      assertThat(subscriber.nextData()).isEqualTo("2");
      assertThat(subscriber.nextData()).isEqualTo("3");
      published(hub, "topic", topic, "data", "4");
      assertThat(subscriber.nextData()).isEqualTo("4");
    }
  }

  @Test
  void replaysAfterQueryParametersWithTheHeaderWinning() throws Exception {
    String topic = "https://example.com/replay/query";
    String first = published(hub, "topic", topic, "data", "1");
    String second = published(hub, "topic", topic, "data", "2");
    published(hub, "topic", topic, "data", "3");
    try (SseClient snake = subscribe(hub, "match=" + q(topic) + "&last_event_id=" + q(first));
        SseClient camel = subscribe(hub, "match=" + q(topic) + "&last_event_id=" + q(second));
        SseClient both = subscribe(hub, "match=" + q(topic) + "&last_event_id=" + q(first),
            Map.of("Last-Event-ID", second))) {
      assertThat(snake.nextData()).isEqualTo("2");
      assertThat(camel.header("Mercure-Last-Event-ID").orElse(null)).isEqualTo(second);
      assertThat(camel.nextData()).isEqualTo("3");
      assertThat(both.header("Mercure-Last-Event-ID").orElse(null)).isEqualTo(second);
      assertThat(both.nextData()).isEqualTo("3");
    }
  }

  @Test
  void earliestReplaysAllHistoryOfTheTopic() throws Exception {
    String topic = "https://example.com/replay/earliest";
    published(hub, "topic", topic, "data", "a");
    published(hub, "topic", topic, "data", "b");
    try (SseClient subscriber = subscribe(hub, "match=" + q(topic) + "&last_event_id=earliest")) {
      assertThat(subscriber.header("Mercure-Last-Event-ID").orElse(null)).isEqualTo("earliest");
      assertThat(subscriber.nextData()).isEqualTo("a");
      assertThat(subscriber.nextData()).isEqualTo("b");
    }
  }

  @Test
  void unknownLastEventIdAnswersEarliestAndNoHeaderWithoutOne() throws Exception {
    try (SseClient unknown = subscribe(hub, "match=*", Map.of("Last-Event-ID", "urn:uuid:never"));
        SseClient none = subscribe(hub, "match=*")) {
      assertThat(unknown.header("Mercure-Last-Event-ID").orElse(null)).isEqualTo("earliest");
      assertThat(none.header("Mercure-Last-Event-ID").orElse(null)).isNull();
    }
  }

  @Test
  void replayNeverSendsPrivateUpdatesToAnonymousSubscribers() throws Exception {
    String topic = "https://example.com/replay/private";
    String first = published(hub, "topic", topic, "data", "first");
    published(hub, "topic", topic, "data", "secret", "private", "on");
    published(hub, "topic", topic, "data", "public");
    try (SseClient subscriber = subscribe(hub, "match=" + q(topic), Map.of("Last-Event-ID", first))) {
      assertThat(subscriber.nextData()).isEqualTo("public");
    }
  }

  @Test
  void subscriptionEventsAnnounceArrivalAndDeparture() throws Exception {
    String watcherToken = Tokens.subscriber("*");
    String topic = "https://example.com/watched";
    try (SseClient watcher = subscribe(hub, "match=*", Map.of("Authorization", "Bearer " + watcherToken))) {
      String withPayload = Tokens.MINTER_FOR_TESTS.mint(Tokens.spec()
          .subscribe(topic).payload(Map.of("name", "bob"))
          .expiresAt(Instant.now().plusSeconds(3600)).build());
      SseClient subscriber = subscribe(hub, "match=" + q(topic),
          Map.of("Authorization", "Bearer " + withPayload));
      JsonNode active = nextSubscriptionEvent(watcher, topic);
      assertThat(active.get("payload").get("name").asText()).isEqualTo("bob");
      assertThat(active.has("@context")).isFalse();
      assertThat(active.get("type").asText()).isEqualTo("subscription");
      assertThat(active.get("match_type").asText()).isEqualTo("exact");
      assertThat(active.get("active").asBoolean()).isTrue();
      assertThat(active.get("id").asText()).isEqualTo("/.well-known/mercure/subscriptions/exact/"
          + "https%3A%2F%2Fexample.com%2Fwatched/" + q(active.get("subscriber").asText()).replace("+", "%20"));

      HttpResponse<String> api = get(hub, "/.well-known/mercure/subscriptions",
          Map.of("Authorization", "Bearer " + watcherToken));
      assertThat(api.statusCode()).isEqualTo(200);
      assertThat(api.headers().firstValue("Content-Type")).contains("application/json");
      JsonNode collection = new ObjectMapper().readTree(api.body());
      assertThat(collection.get("type").asText()).isEqualTo("subscriptions");
      assertThat(api.headers().firstValue("Link").orElseThrow()).contains("last-event-id=\"");
      assertThat(collection.get("subscriptions").findValuesAsText("match")).contains(topic);

      HttpResponse<String> one = get(hub, active.get("id").asText(),
          Map.of("Authorization", "Bearer " + watcherToken));
      assertThat(one.statusCode()).isEqualTo(200);
      assertThat(new ObjectMapper().readTree(one.body()).get("subscriber").asText())
          .isEqualTo(active.get("subscriber").asText());

      subscriber.close();
      JsonNode inactive = nextSubscriptionEvent(watcher, topic);
      assertThat(inactive.get("active").asBoolean()).isFalse();
    }
  }

  private static JsonNode nextSubscriptionEvent(SseClient watcher, String match) throws Exception {
    while (true) {
      JsonNode event = new ObjectMapper().readTree(watcher.nextData());
      if (event.has("match") && event.get("match").asText().equals(match)) {
        return event;
      }
    }
  }

  @Test
  void subscriptionsApiNeedsAGrantOnItsPath() throws Exception {
    assertThat(get(hub, "/.well-known/mercure/subscriptions", Map.of()).statusCode()).isEqualTo(401);
    String other = Tokens.subscriber("https://example.com/not-the-api");
    assertThat(get(hub, "/.well-known/mercure/subscriptions",
        Map.of("Authorization", "Bearer " + other)).statusCode()).isEqualTo(403);
  }

  @Test
  void publishErrorsAreShortPlainAnswers() throws Exception {
    HttpResponse<String> noToken = publish(hub, null, "topic", BOOK);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer").contains("resource_metadata=", Hub.RESOURCE_METADATA_PATH);
    HttpResponse<String> noTopic = publish(hub, HubFixture.PUBLISHER, "data", "x");
    assertThat(noTopic.statusCode()).isEqualTo(400);
    assertThat(noTopic.body()).isEqualTo("missing topic");
    HttpResponse<String> forbidden = publish(hub, Tokens.publisher("https://other/1"), "topic", BOOK);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    HttpResponse<String> badRetry = publish(hub, HubFixture.PUBLISHER, "topic", BOOK, "retry", "soon");
    assertThat(badRetry.statusCode()).isEqualTo(400);
  }

  @Test
  void subscribeErrorsAreBadRequests() throws Exception {
    assertThat(get(hub, "/.well-known/mercure", Map.of()).statusCode()).isEqualTo(400);
    assertThat(get(hub, "/.well-known/mercure?matchRegex=x", Map.of()).statusCode()).isEqualTo(400);
    StringBuilder many = new StringBuilder("match=a");
    for (int i = 0; i < HubConfig.DEFAULT_MAX_MATCHERS; i++) {
      many.append("&match=t").append(i);
    }
    HttpResponse<String> tooMany = get(hub, "/.well-known/mercure?" + many, Map.of());
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).startsWith("too many matchers");
  }

  @Test
  void healthAndMetricsAreServed() throws Exception {
    HttpResponse<String> health = get(hub, "/healthz", Map.of());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"up\"");
    published(hub, "topic", "https://example.com/metered", "data", "x");
    HttpResponse<String> metrics = get(hub, "/metrics", Map.of());
    assertThat(metrics.body()).contains("sluice_hub_updates_published_total",
        "sluice_hub_subscribers", "sluice_hub_history_size", "sluice_hub_replay_lookups_total");
  }

  @Test
  void protectedResourceMetadataDescribesTheHub() throws Exception {
    HttpResponse<String> metadata = get(hub, Hub.RESOURCE_METADATA_PATH, Map.of());
    assertThat(metadata.statusCode()).isEqualTo(200);
    JsonNode json = new ObjectMapper().readTree(metadata.body());
    assertThat(json.get("resource").asText()).isEqualTo(Tokens.AUDIENCE);
    assertThat(json.get("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
    assertThat(json.get("mercure_cookie").asText()).isEqualTo("__Secure-mercure_access_token");
    assertThat(json.get("authorization_details_types_supported").toString())
        .isEqualTo("[\"https://mercure.rocks/authorization-detail\"]");
    assertThat(json.has("mercure_version")).isFalse();
  }

  @Test
  void slowSubscriberClosesAreCountedInMetrics() throws Exception {
    assertThat(get(hub, "/metrics", Map.of()).body())
        .contains("sluice_hub_subscribers_dropped_total{reason=\"slow\"}");
  }

  @Test
  void webUiIsServedAtTheRoot() throws Exception {
    HttpResponse<String> page = get(hub, "/", Map.of());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Sluice hub</title>", "/demo/");
    assertThat(get(hub, "/ui/app.js", Map.of()).body()).contains("new EventSource");
    try (SseClient stats = SseClient.open(HubFixture.uri(hub, "/ui/stats"), Map.of())) {
      ServerSentEvent event = stats.nextEvent();
      assertThat(event.type()).isEqualTo("stats");
      assertThat(event.data()).contains("\"subscribers\":");
    }
  }
}
