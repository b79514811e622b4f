package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /v1/chat/completions} speaks OpenAI's format, streamed and whole, and its errors. */
@ExtendWith(LeakCheck.class)
class ChatCompletionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CREATED = DemoServer.NOW.getEpochSecond();
  @RegisterExtension
  static final DemoServer demo = new DemoServer();

  @Test
  void streamsChunksWithTheRoleThenTokensThenTheFinishReasonThenDone() throws IOException {
    List<ServerSentEvent> events = stream("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hello!\"}]}");

    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    List<JsonNode> chunks = parse(events.subList(0, events.size() - 1));
    String id = chunks.get(0).get("id").asText();
    assertThat(id).matches("chatcmpl-[0-9a-f]{32}");
    StringBuilder content = new StringBuilder();
    for (JsonNode chunk : chunks) {
      assertThat(chunk.get("id").asText()).isEqualTo(id);
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.get("created").asLong()).isEqualTo(CREATED);
      assertThat(chunk.get("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(chunk.get("choices")).hasSize(1);
      assertThat(chunk.has("usage")).isFalse();
      content.append(chunk.at("/choices/0/delta/content").asText(""));
    }
    assertThat(chunks.get(0).at("/choices/0/delta").toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.at("/choices/0/delta").toString()).isEqualTo("{}");
    assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(chunk -> assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue());
    assertThat(content.toString()).startsWith("You said: \"Hello!\".").isEqualTo(whole("Hello!"));
  }

  @Test
  void streamOptionsIncludeUsageAddsAUsageChunkBeforeDone() throws IOException {
    List<ServerSentEvent> events = stream("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"two words\"}]}]}");

    List<JsonNode> chunks = parse(events.subList(0, events.size() - 1));
    assertThat(chunks).hasSize(1 + 3 + 1 + 1); // Role, three tokens, finish, usage.
    assertThat(chunks.subList(0, 5)).allSatisfy(chunk -> assertThat(chunk.get("usage").isNull()).isTrue());
    assertThat(chunks.get(4).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    JsonNode usage = chunks.get(5);
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.get("usage").toString()).isEqualTo("{\"prompt_tokens\":2,\"completion_tokens\":3,\"total_tokens\":5}");
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
  }

  @Test
  void withoutStreamAnswersOneChatCompletionObject() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "POST", "/v1/chat/completions",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}",
            "Content-Type: application/json")) {
      assertThat(client.status()).isEqualTo(200);
      assertThat(client.header("content-type")).contains("application/json");
      JsonNode body = JSON.readTree(client.readAll());
      assertThat(body.get("object").asText()).isEqualTo("chat.completion");
      assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
      assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
      int completion = body.at("/usage/completion_tokens").asInt();
      assertThat(completion).isEqualTo(body.at("/choices/0/message/content").asText().split(" ").length);
      assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(completion + 1);
    }
  }

  @Test
  void badRequestsGetOpenAiErrorObjectsNamingTheParameter() throws IOException {
    String user = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    Map<String, String> cases = Map.ofEntries(
        Map.entry("not json", "null"),
        Map.entry("{" + user + "}", "model"),
        Map.entry("{\"model\":\"m\"}", "messages"),
        Map.entry("{\"model\":\"m\",\"messages\":[]}", "messages"),
        Map.entry("{\"model\":\"m\",\"messages\":[\"hi\"]}", "messages[0]"),
        Map.entry("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}", "messages[0].role"),
        Map.entry("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content"),
        Map.entry("{\"model\":\"m\"," + user + ",\"stream\":\"yes\"}", "stream"),
        Map.entry("{\"model\":\"m\"," + user + ",\"max_tokens\":0}", "max_tokens"),
        Map.entry("{\"model\":\"m\"," + user + ",\"n\":2}", "n"),
        Map.entry("{\"model\":\"m\"," + user + ",\"stream_options\":{\"include_usage\":true}}", "stream_options"));
    for (Map.Entry<String, String> bad : cases.entrySet()) {
      try (SseClient client = SseClient.send(demo.port, "POST", "/v1/chat/completions", bad.getKey(),
          "Content-Type: application/json")) {
        assertThat(client.status()).as(bad.getKey()).isEqualTo(400);
        assertThat(client.header("content-type")).contains("application/json");
        JsonNode error = JSON.readTree(client.readAll()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").toString().replace("\"", "")).as(bad.getKey()).isEqualTo(bad.getValue());
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("code").isNull()).isTrue();
      }
    }
  }

  private static List<ServerSentEvent> stream(String body) throws IOException {
    try (SseClient client = SseClient.send(demo.port, "POST", "/v1/chat/completions", body,
        "Content-Type: application/json")) {
      assertThat(client.status()).isEqualTo(200);
      assertThat(client.header("content-type")).contains("text/event-stream; charset=utf-8");
      List<ServerSentEvent> events = new ArrayList<>();
      EventParser.create(events::add).feed(client.readAll().getBytes(StandardCharsets.UTF_8));
      assertThat(events).allSatisfy(event -> assertThat(event.type()).isEqualTo("message"));
      return events;
    }
  }

  private static String whole(String prompt) throws IOException {
    try (SseClient client = SseClient.send(demo.port, "POST", "/v1/chat/completions",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}",
            "Content-Type: application/json")) {
      return JSON.readTree(client.readAll()).at("/choices/0/message/content").asText();
    }
  }

  private static List<JsonNode> parse(List<ServerSentEvent> events) throws IOException {
    List<JsonNode> chunks = new ArrayList<>();
    for (ServerSentEvent event : events) chunks.add(JSON.readTree(event.data()));
    return chunks;
  }
}
