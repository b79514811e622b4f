package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The finite {@code /sse/*} scenarios, byte for byte, on a real loopback server. */
@ExtendWith(LeakCheck.class)
class TutorialStreamsIT {
  @RegisterExtension
  static final DemoServer demo = new DemoServer();

  @Test
  void basicSendsMessagesZeroToNineThenEnds() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/basic", null)) {
      assertThat(client.status()).isEqualTo(200);
      assertThat(client.headers()).containsEntry("content-type", "text/event-stream; charset=utf-8")
          .containsEntry("cache-control", "no-cache")
          .containsEntry("x-accel-buffering", "no");
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 10; i++) expected.append("data: Message ").append(i).append("\n\n");
      assertThat(client.readAll()).isEqualTo(expected.toString());
    }
  }

  @Test
  void jsonSendsFiveObjectsWithIdMessageAndTimestamp() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/json", null)) {
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        expected.append("data: {\"id\":").append(i).append(",\"message\":\"Item ").append(i)
            .append("\",\"timestamp\":\"2025-01-31T12:00:00.250Z\"}\n\n");
      }
      assertThat(client.readAll()).isEqualTo(expected.toString());
    }
  }

  @Test
  void eventsSendsStartFiveProgressStepsAndComplete() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/events", null)) {
      assertThat(client.readAll()).isEqualTo(""
          + "event: start\ndata: Processing started\n\n"
          + "event: progress\ndata: {\"progress\":20,\"step\":1}\n\n"
          + "event: progress\ndata: {\"progress\":40,\"step\":2}\n\n"
          + "event: progress\ndata: {\"progress\":60,\"step\":3}\n\n"
          + "event: progress\ndata: {\"progress\":80,\"step\":4}\n\n"
          + "event: progress\ndata: {\"progress\":100,\"step\":5}\n\n"
          + "event: complete\ndata: Processing complete\n\n");
    }
  }

  @Test
  void multifieldSendsIdTypeAndThreeDataLinesThatAReceiverJoins() throws IOException {
    String body;
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/multifield", null)) {
      body = client.readAll();
    }
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      expected.append("id: ").append(i).append("\nevent: update\ndata: First line of data\n")
          .append("data: Second line of data\ndata: Third line of data\n\n");
    }
    assertThat(body).isEqualTo(expected.toString());

    List<ServerSentEvent> dispatched = new ArrayList<>();
    EventParser.create(dispatched::add).feed(body.getBytes(StandardCharsets.UTF_8));
    assertThat(dispatched).hasSize(5);
    assertThat(dispatched.get(1).type()).isEqualTo("update");
    assertThat(dispatched.get(1).id()).contains("1");
    assertThat(dispatched.get(1).data()).isEqualTo("First line of data\nSecond line of data\nThird line of data");
  }

  @Test
  void heartbeatSendsMessagesThenOnlyHeartbeatComments() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/heartbeat", null)) {
      for (int i = 0; i < 10; i++) assertThat(client.nextBlock()).isEqualTo("data: Message " + i);
      for (int i = 0; i < 3; i++) assertThat(client.nextBlock()).isEqualTo(": heartbeat");
    }
    DemoServer.await(() -> demo.server.stats().openStreams() == 0, SseClient.TIMEOUT, "the stream to close");
  }
}
