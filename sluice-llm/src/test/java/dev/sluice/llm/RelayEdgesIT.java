package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay's edges on one real Redis log: a Chat Completions upstream on loopback, the limits and
 * their HTTP answers, authorization, non-streaming creation, and resuming with sluice-client.
 */
class RelayEdgesIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static LocalRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) redis.close();
  }

  private static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String outputText(JsonNode response) {
    return response.path("output").path(0).path("content").path(0).path("text").asText();
  }

  @Test
  void chatCompletionsUpstreamDeltasBecomeTheResponse() throws Exception {
    try (FakeChatCompletions upstream = new FakeChatCompletions(40, Duration.ofMillis(5), 200);
        RelayNode node = new RelayNode(redis.uri(), "upstream",
            ChatCompletionsUpstream.of(upstream.baseUri(), Optional.of("sk-test")), LlmLimits.DEFAULT)) {
      HttpResponse<String> answer = post(node.baseUrl() + "/responses",
          "{\"model\":\"gpt-test\",\"instructions\":\"be brief\",\"input\":[{\"role\":\"user\",\"content\":\"hello\"}]}", Map.of());

      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode response = JSON.readTree(answer.body());
      assertThat(response.path("status").asText()).isEqualTo("completed");
      assertThat(outputText(response)).isEqualTo(FakeChatCompletions.expectedText(40));
      assertThat(response.path("usage").path("input_tokens").asLong()).isEqualTo(7);
      assertThat(response.path("usage").path("output_tokens").asLong()).isEqualTo(40);
      JsonNode sent = upstream.requests.poll(10, TimeUnit.SECONDS);
      assertThat(sent.path("model").asText()).isEqualTo("gpt-test");
      assertThat(sent.path("stream").asBoolean()).isTrue();
      assertThat(sent.path("messages").toString()).contains("be brief").contains("hello");
      assertThat(upstream.authorizations.poll(10, TimeUnit.SECONDS)).isEqualTo("Bearer sk-test");
    }
  }

  @Test
  void cancelClosesTheUpstreamConnection() throws Exception {
    try (FakeChatCompletions upstream = new FakeChatCompletions(100_000, Duration.ofMillis(20), 200);
        RelayNode node = new RelayNode(redis.uri(), "cancel-upstream",
            ChatCompletionsUpstream.of(upstream.baseUri(), Optional.empty()), LlmLimits.DEFAULT)) {
      JsonNode created = JSON.readTree(post(node.baseUrl() + "/responses",
          "{\"model\":\"m\",\"input\":\"go on forever\",\"background\":true}", Map.of()).body());
      upstream.requests.poll(10, TimeUnit.SECONDS);

      HttpResponse<String> cancelled = post(node.baseUrl() + "/responses/" + created.path("id").asText() + "/cancel", "", Map.of());

      assertThat(JSON.readTree(cancelled.body()).path("status").asText()).isEqualTo("cancelled");
      assertThat(upstream.streamClosedEarly.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(node.relay.runningGenerations()).isZero();
    }
  }

  @Test
  void upstreamErrorEndsTheResponseAsFailed() throws Exception {
    try (FakeChatCompletions upstream = new FakeChatCompletions(1, Duration.ofMillis(5), 500);
        RelayNode node = new RelayNode(redis.uri(), "failing",
            ChatCompletionsUpstream.of(upstream.baseUri(), Optional.empty()), LlmLimits.DEFAULT)) {
      JsonNode response = JSON.readTree(post(node.baseUrl() + "/responses", "{\"model\":\"m\",\"input\":\"x\"}", Map.of()).body());

      assertThat(response.path("status").asText()).isEqualTo("failed");
      assertThat(response.path("error").path("message").asText()).isEqualTo("upstream answered HTTP 500");
      assertThat(node.counter(LlmMeters.GENERATIONS_FAILED)).isEqualTo(1);
    }
  }

  @Test
  void limitsAndBadInputGetClearStatuses() throws Exception {
    LlmLimits limits = LlmLimits.DEFAULT.withMaxConcurrentGenerations(1).withMaxInputBytes(100);
    DemoModel slow = DemoModel.builder().tokens(10_000).tokenInterval(Duration.ofMillis(20)).build();
    try (RelayNode node = new RelayNode(redis.uri(), "limits", slow, limits)) {
      String responses = node.baseUrl() + "/responses";
      HttpResponse<String> first = post(responses, "{\"model\":\"m\",\"input\":\"a\",\"background\":true}", Map.of());
      assertThat(first.statusCode()).isEqualTo(200);
      String id = JSON.readTree(first.body()).path("id").asText();

      HttpResponse<String> second = post(responses, "{\"model\":\"m\",\"input\":\"b\",\"background\":true}", Map.of());
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.headers().firstValue("Retry-After")).contains("1");
      assertThat(post(responses, "{\"model\":\"m\",\"input\":\"" + "x".repeat(200) + "\"}", Map.of()).statusCode()).isEqualTo(413);
      assertThat(post(responses, "not json", Map.of()).statusCode()).isEqualTo(400);
      assertThat(post(responses, "{\"input\":\"no model\"}", Map.of()).body().strip()).isEqualTo("model is required (a string)");
      assertThat(get(responses + "/resp_0123456789abcdef", Map.of()).statusCode()).isEqualTo(404);
      assertThat(get(responses + "/not-an-id", Map.of()).statusCode()).isEqualTo(404);
      assertThat(get(responses + "/" + id + "?stream=true&starting_after=x", Map.of()).statusCode()).isEqualTo(400);

      assertThat(JSON.readTree(post(responses + "/" + id + "/cancel", "", Map.of()).body()).path("status").asText())
          .isEqualTo("cancelled");
      assertThat(post(responses, "{\"model\":\"m\",\"input\":\"c\",\"background\":true}", Map.of()).statusCode())
          .as("the slot is free again").isEqualTo(200);
    }
  }

  @Test
  void eventBoundEndsTheResponseAsIncomplete() throws Exception {
    DemoModel model = DemoModel.builder().tokens(10_000).tokenInterval(Duration.ofMillis(2)).build();
    try (RelayNode node = new RelayNode(redis.uri(), "bounded", model, LlmLimits.DEFAULT.withMaxEventsPerResponse(30))) {
      JsonNode ended = JSON.readTree(post(node.baseUrl() + "/responses", "{\"model\":\"m\",\"input\":\"long\"}", Map.of()).body());

      assertThat(ended.path("status").asText()).isEqualTo("incomplete");
      assertThat(ended.path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
      String events = get(node.baseUrl() + "/responses/" + ended.path("id").asText() + "?stream=true", Map.of()).body();
      assertThat(events.lines().filter(l -> l.startsWith("id:")).count()).isBetween(20L, 30L);
      assertThat(events.strip()).contains("event: response.incomplete").doesNotContain("event: response.completed");
    }
  }

  @Test
  void keysGrantCreatingAndReadingOnlyOnesOwnResponses() throws Exception {
    LlmAuthorizer keys = LlmAuthorizer.keys(Map.of("key-alice", "alice", "key-bob", "bob"));
    DemoModel model = DemoModel.builder().tokens(20).tokenInterval(Duration.ofMillis(1)).build();
    try (RelayNode node = new RelayNode(redis.uri(), "keys", model, LlmLimits.DEFAULT, keys)) {
      String responses = node.baseUrl() + "/responses";
      String body = "{\"model\":\"m\",\"input\":\"secret\"}";
      assertThat(post(responses, body, Map.of()).statusCode()).isEqualTo(401);
      assertThat(post(responses, body, Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
      HttpResponse<String> alice = post(responses, body, Map.of("Authorization", "Bearer key-alice"));
      assertThat(alice.statusCode()).isEqualTo(200);
      String id = JSON.readTree(alice.body()).path("id").asText();

      assertThat(get(responses + "/" + id, Map.of("Authorization", "Bearer key-alice")).statusCode()).isEqualTo(200);
      assertThat(get(responses + "/" + id, Map.of("Authorization", "Bearer key-bob")).statusCode()).isEqualTo(404);
      assertThat(post(responses + "/" + id + "/cancel", "", Map.of("Authorization", "Bearer key-bob")).statusCode())
          .isEqualTo(404);
    }
  }

  /** The docs/llm.md snippet: sluice-client resumes a response stream with Last-Event-ID. */
  @Test
  void sluiceClientResumesWithLastEventId() throws Exception {
    DemoModel model = DemoModel.builder().tokens(60).tokenInterval(Duration.ofMillis(5)).build();
    try (RelayNode node = new RelayNode(redis.uri(), "client", model, LlmLimits.DEFAULT)) {
      String id = JSON.readTree(post(node.baseUrl() + "/responses",
          "{\"model\":\"m\",\"input\":\"client\",\"background\":true}", Map.of()).body()).path("id").asText();
      URI stream = URI.create(node.baseUrl() + "/responses/" + id + "?stream=true");
      StringBuilder text = new StringBuilder();
      String lastSeen;
      try (EventStream events = EventSource.builder(stream).reconnect(false).stream()) {
        ServerSentEvent event;
        do {
          event = events.poll(Duration.ofSeconds(30)).orElseThrow();
          if (event.type().equals("response.output_text.delta")) text.append(JSON.readTree(event.data()).path("delta").asText());
        } while (text.length() < 10);
        lastSeen = event.id().orElseThrow();
      } // Dropped.

      // Resume: the same URL with the last id seen; the relay sends exactly what followed.
      try (EventStream events = EventSource.builder(stream).lastEventId(lastSeen).reconnect(false).stream()) {
        ServerSentEvent event;
        long expected = Long.parseLong(lastSeen) + 1;
        do {
          event = events.poll(Duration.ofSeconds(30)).orElseThrow();
          assertThat(event.id()).contains(Long.toString(expected++));
          if (event.type().equals("response.output_text.delta")) text.append(JSON.readTree(event.data()).path("delta").asText());
        } while (!event.type().equals("response.completed"));
        assertThat(text.toString()).isEqualTo(outputText(JSON.readTree(event.data()).path("response")));
      }
    }
  }
}
