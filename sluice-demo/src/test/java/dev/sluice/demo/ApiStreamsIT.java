package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/sse-stream} and {@code POST /api/manual-sse-stream}, byte for byte. */
@ExtendWith(LeakCheck.class)
class ApiStreamsIT {
  @RegisterExtension
  static final DemoServer demo = new DemoServer();

  @Test
  void apiStreamSendsTenJsonMessagesACustomEventAndADefaultEndMessage() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/api/sse-stream", null)) {
      assertThat(client.headers()).containsEntry("content-type", "text/event-stream; charset=utf-8")
          .containsEntry("cache-control", "no-cache");
      // The first message names the chat room's position (no message yet), for a reconnect to resume from.
      StringBuilder expected = new StringBuilder("id: 0\n");
      for (int i = 0; i < 10; i++) {
        expected.append("data: {\"message\":\"Message ").append(i)
            .append("\",\"timestamp\":\"2025-01-31T12:00:00.250Z\"}\n\n");
      }
      expected.append("event: custom-event\ndata: {\"type\":\"custom\",\"content\":\"Custom event\"}\n\n");
      expected.append("data: {\"message\":\"Stream ended\",\"type\":\"end\"}\n\n");
      assertThat(client.readAll()).isEqualTo(expected.toString());
    }
  }

  @Test
  void manualStreamSendsStartOneChunkPerCharacterAndEndAsDefaultEvents() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "POST", "/api/manual-sse-stream", "{\"message\":\"Hi 🌊\"}",
        "Content-Type: application/json")) {
      assertThat(client.status()).isEqualTo(200);
      assertThat(client.headers()).containsEntry("content-type", "text/event-stream; charset=utf-8")
          .containsEntry("cache-control", "no-cache");
      assertThat(client.readAll()).isEqualTo(""
          + "data: {\"type\":\"start\",\"content\":\"Processing started\"}\n\n"
          + "data: {\"type\":\"chunk\",\"content\":\"H\",\"index\":0}\n\n"
          + "data: {\"type\":\"chunk\",\"content\":\"i\",\"index\":1}\n\n"
          + "data: {\"type\":\"chunk\",\"content\":\" \",\"index\":2}\n\n"
          + "data: {\"type\":\"chunk\",\"content\":\"🌊\",\"index\":3}\n\n" // One chunk, not two halves of a surrogate pair.
          + "data: {\"type\":\"end\",\"content\":\"Processing complete\"}\n\n");
    }
  }

  @Test
  void manualStreamSpellsHelloWhenTheBodyHasNoMessage() throws IOException {
    for (String body : List.of("{}", "{\"message\":\"\"}", "{\"message\":null}")) {
      try (SseClient client = SseClient.send(demo.port, "POST", "/api/manual-sse-stream", body,
          "Content-Type: application/json")) {
        assertThat(client.status()).as(body).isEqualTo(200);
        assertThat(client.readAll()).as(body)
            .contains("\"content\":\"H\",\"index\":0", "\"content\":\"o\",\"index\":4")
            .doesNotContain("\"index\":5");
      }
    }
  }

  @Test
  void manualStreamRefusesBadBodiesWithAShortMessage() throws IOException {
    Map<String, String> cases = Map.of(
        "", "request body must be a JSON object",
        "not json", "request body must be a JSON object",
        "[\"message\"]", "request body must be a JSON object",
        "{\"message\": 42}", "\"message\" must be a string",
        "{\"message\": \"" + "x".repeat(201) + "\"}", "\"message\" is longer than 200 characters");
    for (Map.Entry<String, String> bad : cases.entrySet()) {
      try (SseClient client = SseClient.send(demo.port, "POST", "/api/manual-sse-stream", bad.getKey(),
          "Content-Type: application/json")) {
        assertThat(client.status()).as(bad.getKey()).isEqualTo(400);
        assertThat(client.header("content-type")).contains("text/plain; charset=utf-8");
        assertThat(client.readAll()).as(bad.getKey()).isEqualTo(bad.getValue() + "\n");
      }
    }
  }

  @Test
  void manualStreamIsPostOnly() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/api/manual-sse-stream", null)) {
      assertThat(client.status()).isEqualTo(405);
      assertThat(client.header("allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
    }
  }
}
