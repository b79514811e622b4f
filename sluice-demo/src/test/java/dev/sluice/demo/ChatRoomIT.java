package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chat room: {@code POST /api/send-message} reaches everyone on the demo page's {@code GET /api/chat}
 * and on the tutorial's {@code GET /api/sse-stream}.
 */
@ExtendWith(LeakCheck.class)
class ChatRoomIT {
  private static final String STAMP = "\"timestamp\":\"2025-01-31T12:00:00.250Z\"";
  private DemoServer demo; // A fresh room per test: ids and members start from nothing.

  @BeforeEach
  void start() {
    demo = DemoServer.started();
  }

  @AfterEach
  void stop() {
    demo.close();
  }

  @Test
  void aMessageReachesEveryMember() throws IOException {
    try (SseClient alice = SseClient.send(demo.port, "GET", "/api/chat", null)) {
      // The response head can arrive before the server has added the stream: joined marks that point.
      assertThat(alice.nextBlock()).isEqualTo("id: 0\nevent: joined\ndata: {\"members\":1,\"lastId\":0}");
      try (SseClient bob = SseClient.send(demo.port, "GET", "/api/chat", null)) {
        assertThat(bob.nextBlock()).isEqualTo("id: 0\nevent: joined\ndata: {\"members\":2,\"lastId\":0}");
        bothReceive(alice, bob);
      }
    }
  }

  private void bothReceive(SseClient alice, SseClient bob) throws IOException {
    String reply = send("{\"user\":\"alice\",\"message\":\"Hello, room!\"}");

    assertThat(reply).isEqualTo("{\"status\":\"success\",\"message\":\"Message received\",\"id\":1,\"recipients\":2}");
    String expected = "id: 1\nevent: chat-message\ndata: {\"id\":1,\"user\":\"alice\",\"content\":\"Hello, room!\"," + STAMP + "}";
    assertThat(alice.nextBlock()).isEqualTo(expected);
    assertThat(bob.nextBlock()).isEqualTo(expected);
  }

  @Test
  void aMemberWithoutANameIsAnonymous() throws IOException {
    try (SseClient member = SseClient.send(demo.port, "GET", "/api/chat", null)) {
      member.nextBlock(); // joined
      send("{\"message\":\"  hi  \"}");
      assertThat(member.nextBlock()).isEqualTo(
          "id: 1\nevent: chat-message\ndata: {\"id\":1,\"user\":\"anonymous\",\"content\":\"hi\"," + STAMP + "}");
    }
  }

  @Test
  void aReconnectingMemberGetsWhatItMissedThenJoins() throws IOException {
    send("{\"user\":\"a\",\"message\":\"one\"}");
    send("{\"user\":\"a\",\"message\":\"two\"}");
    send("{\"user\":\"a\",\"message\":\"three\"}");
    try (SseClient member = SseClient.send(demo.port, "GET", "/api/chat", null, "Last-Event-ID: 1")) {
      assertThat(member.nextBlock()).startsWith("id: 2\nevent: chat-message\ndata: {\"id\":2,\"user\":\"a\",\"content\":\"two\"");
      assertThat(member.nextBlock()).startsWith("id: 3\nevent: chat-message\ndata: {\"id\":3,\"user\":\"a\",\"content\":\"three\"");
      assertThat(member.nextBlock()).isEqualTo("id: 3\nevent: joined\ndata: {\"members\":1,\"lastId\":3}");
    }
  }

  @Test
  void aMessageReachesTheTutorialStreamBetweenItsMessages() throws IOException {
    demo.close();
    // In real time, so the tutorial stream (ten seconds long) is surely still open when the message goes.
    demo = DemoServer.started(DemoServer.FAST.newBuilder().timeScale(1).build());
    try (SseClient member = SseClient.send(demo.port, "GET", "/api/chat", null);
        SseClient tutorial = SseClient.send(demo.port, "GET", "/api/sse-stream", null)) {
      member.nextBlock(); // joined
      assertThat(tutorial.nextBlock()).startsWith("id: 0\ndata: {\"message\":\"Message 0\"");
      String reply = send("{\"message\":\"to the tutorial page\"}");
      assertThat(reply).isEqualTo("{\"status\":\"success\",\"message\":\"Message received\",\"id\":1,\"recipients\":2}");
      String expected = "id: 1\nevent: chat-message\ndata: {\"id\":1,\"user\":\"anonymous\",\"content\":\"to the tutorial page\"," + STAMP + "}";
      assertThat(member.nextBlock()).isEqualTo(expected);
      String block = tutorial.nextBlock();
      while (!block.contains("chat-message")) block = tutorial.nextBlock(); // Its own messages go on around it.
      assertThat(block).isEqualTo(expected);
    }
  }

  @Test
  void theTutorialStreamReplaysWhatAReconnectingPageMissedThenStartsOver() throws IOException {
    send("{\"message\":\"one\"}");
    send("{\"message\":\"two\"}");
    try (SseClient tutorial = SseClient.send(demo.port, "GET", "/api/sse-stream", null, "Last-Event-ID: 1")) {
      assertThat(tutorial.nextBlock()).startsWith("id: 2\nevent: chat-message\ndata: {\"id\":2,\"user\":\"anonymous\",\"content\":\"two\"");
      assertThat(tutorial.nextBlock()).startsWith("id: 2\ndata: {\"message\":\"Message 0\"");
    }
  }

  @Test
  void badMessagesAreRefusedAndNotBroadcast() throws IOException {
    Map<String, String> cases = Map.of(
        "nope", "request body must be a JSON object",
        "{\"user\":\"x\"}", "\"message\" must be a non-empty string",
        "{\"message\":\"\"}", "\"message\" must be a non-empty string",
        "{\"message\":\"" + "y".repeat(501) + "\"}", "\"message\" is longer than 500 characters",
        "{\"message\":\"hi\",\"user\":7}", "\"user\" must be a string",
        "{\"message\":\"hi\",\"user\":\"" + "u".repeat(41) + "\"}", "\"user\" is longer than 40 characters");
    try (SseClient member = SseClient.send(demo.port, "GET", "/api/chat", null)) {
      member.nextBlock(); // joined
      for (Map.Entry<String, String> bad : cases.entrySet()) {
        try (SseClient client = SseClient.send(demo.port, "POST", "/api/send-message", bad.getKey(),
            "Content-Type: application/json")) {
          assertThat(client.status()).as(bad.getKey()).isEqualTo(400);
          assertThat(client.readAll()).as(bad.getKey()).isEqualTo(bad.getValue() + "\n");
        }
      }
      send("{\"message\":\"the only one\"}");
      assertThat(member.nextBlock()).startsWith("id: 1\n").contains("the only one");
    }
  }

  @Test
  void refusesALastEventIdThatIsNotAMessageId() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/api/chat", null, "Last-Event-ID: abc")) {
      assertThat(client.status()).isEqualTo(400);
      assertThat(client.readAll()).isEqualTo("Last-Event-ID must be a non-negative integer\n");
    }
  }

  private String send(String body) throws IOException {
    try (SseClient client = SseClient.send(demo.port, "POST", "/api/send-message", body,
        "Content-Type: application/json")) {
      assertThat(client.status()).isEqualTo(200);
      assertThat(client.header("content-type")).contains("application/json");
      return client.readAll();
    }
  }
}
