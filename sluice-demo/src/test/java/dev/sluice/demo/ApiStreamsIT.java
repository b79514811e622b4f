package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/sse-stream} and {@code POST /api/manual-sse-stream}, byte for byte. */
class ApiStreamsIT {
  @RegisterExtension
  static final DemoServer demo = new DemoServer();

  @Test
  void apiStreamSendsTenJsonMessagesACustomEventAndAnEnd() throws IOException {
    try (WireClient client = WireClient.get(demo.port, "/api/sse-stream")) {
      StringBuilder expected = new StringBuilder();
      for (int i = 1; i <= 10; i++) {
        expected.append("data: {\"id\":").append(i).append(",\"message\":\"Message ").append(i)
            .append(" of 10\",\"timestamp\":\"2025-01-31T12:00:00.250Z\"}\n\n");
      }
      expected.append("event: custom-event\ndata: {\"type\":\"custom\",\"message\":\"A custom event after 10 messages\"}\n\n");
      expected.append("event: end\ndata: {\"message\":\"Stream complete\"}\n\n");
      assertThat(client.readAll()).isEqualTo(expected.toString());
    }
  }

  @Test
  void manualStreamSendsStartOneChunkPerCharacterAndEnd() throws IOException {
    try (WireClient client = WireClient.post(demo.port, "/api/manual-sse-stream", "{\"message\":\"Hi 🌊\"}")) {
      assertThat(client.status).isEqualTo(200);
      assertThat(client.headers).containsEntry("content-type", "text/event-stream; charset=utf-8");
      assertThat(client.readAll()).isEqualTo(""
          + "event: start\ndata: {\"length\":4}\n\n"
          + "event: chunk\ndata: {\"index\":0,\"char\":\"H\"}\n\n"
          + "event: chunk\ndata: {\"index\":1,\"char\":\"i\"}\n\n"
          + "event: chunk\ndata: {\"index\":2,\"char\":\" \"}\n\n"
          + "event: chunk\ndata: {\"index\":3,\"char\":\"🌊\"}\n\n" // One chunk, not two halves of a surrogate pair.
          + "event: end\ndata: {\"message\":\"Hi 🌊\",\"length\":4}\n\n");
    }
  }

  @Test
  void manualStreamRefusesBadBodiesWithAShortMessage() throws IOException {
    Map<String, String> cases = Map.of(
        "", "request body must be a JSON object",
        "not json", "request body must be a JSON object",
        "[\"message\"]", "request body must be a JSON object",
        "{}", "\"message\" must be a non-empty string",
        "{\"message\": 42}", "\"message\" must be a non-empty string",
        "{\"message\": \"   \"}", "\"message\" must be a non-empty string",
        "{\"message\": \"" + "x".repeat(201) + "\"}", "\"message\" is longer than 200 characters");
    for (Map.Entry<String, String> bad : cases.entrySet()) {
      try (WireClient client = WireClient.post(demo.port, "/api/manual-sse-stream", bad.getKey())) {
        assertThat(client.status).as(bad.getKey()).isEqualTo(400);
        assertThat(client.header("content-type")).contains("text/plain; charset=utf-8");
        assertThat(client.readAll()).as(bad.getKey()).isEqualTo(bad.getValue() + "\n");
      }
    }
  }

  @Test
  void manualStreamIsPostOnly() throws IOException {
    try (WireClient client = WireClient.get(demo.port, "/api/manual-sse-stream")) {
      assertThat(client.status).isEqualTo(405);
      assertThat(client.header("allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
    }
  }
}
