package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The endless once-a-second streams: their format, and that they stop when the client leaves. */
@ExtendWith(LeakCheck.class)
class TickerStreamsIT {
  @RegisterExtension
  static final DemoServer demo = new DemoServer();

  @Test
  void clockSendsTheTimeUntilTheClientLeaves() throws IOException {
    long opened = demo.server.stats().streamsOpened();
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/clock", null)) {
      for (int i = 0; i < 5; i++) assertThat(client.nextBlock()).isEqualTo("data: 2025-01-31 12:00:00");
      assertThat(demo.server.stats().streamsOpened()).isEqualTo(opened + 1);
    }
    // The client left: the stream closes, and with it the timer (the server cancels a stream's tasks).
    DemoServer.await(() -> demo.server.stats().openStreams() == 0, SseClient.TIMEOUT, "the clock stream to close");
  }

  @Test
  void streamSendsARandomValueFromOneToAHundredEachTick() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/stream", null)) {
      for (int i = 0; i < 20; i++) {
        String block = client.nextBlock();
        assertThat(block).matches("data: Random value: \\d{1,3}");
        assertThat(Integer.parseInt(block.substring("data: Random value: ".length()))).isBetween(1, 100);
      }
    }
  }

  @Test
  void typedStreamSendsTimeUpdatesWithIdsAndAfterEveryFifthASpecialMessage() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/stream_with_type_and_id", null)) {
      for (int id = 1; id <= 10; id++) {
        assertThat(client.nextBlock()).isEqualTo("id: " + id + "\nevent: time_update\ndata: The current time is 12:00:00.");
        if (id % 5 == 0) {
          assertThat(client.nextBlock())
              .isEqualTo("id: " + id + "\nevent: special_message\ndata: This is a special message at count " + id + "!");
        }
      }
    }
  }

  @Test
  void typedStreamCountsOnAfterTheLastEventId() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/stream_with_type_and_id", null, "Last-Event-ID: 13")) {
      assertThat(client.nextBlock()).isEqualTo("id: 14\nevent: time_update\ndata: The current time is 12:00:00.");
      assertThat(client.nextBlock()).isEqualTo("id: 15\nevent: time_update\ndata: The current time is 12:00:00.");
      assertThat(client.nextBlock()).isEqualTo("id: 15\nevent: special_message\ndata: This is a special message at count 15!");
    }
  }

  @Test
  void typedStreamRefusesALastEventIdThatIsNotACount() throws IOException {
    for (String bad : List.of("x", "-3", "99999999999999999999")) {
      try (SseClient client = SseClient.send(demo.port, "GET", "/stream_with_type_and_id",
          null, "Last-Event-ID: " + bad)) {
        assertThat(client.status()).as(bad).isEqualTo(400);
        assertThat(client.readAll()).isEqualTo("Last-Event-ID must be a non-negative integer\n");
      }
    }
  }

  @Test
  void jsonStreamSendsCounterTimestampAndMessage() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/json_stream", null)) {
      for (int n = 1; n <= 3; n++) {
        assertThat(client.nextBlock()).isEqualTo("data: {\"counter\":" + n
            + ",\"timestamp\":\"2025-01-31T12:00:00.250Z\",\"message\":\"Update #" + n + "\"}");
      }
    }
  }

  @Test
  void expressEventsSendsAWelcomeCustomEventThenTheTimeEachTick() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/events", null)) {
      assertThat(client.nextBlock()).isEqualTo("event: customEvent\ndata: {\"type\":\"welcome\"}");
      for (int i = 0; i < 3; i++) assertThat(client.nextBlock()).isEqualTo("data: {\"time\":\"2025-01-31T12:00:00.250Z\"}");
    }
  }

  @Test
  void apiEventsSendsMessagesAndAfterEveryFifthAnUpdate() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/api/events", null)) {
      for (int n = 1; n <= 10; n++) {
        assertThat(client.nextBlock()).isEqualTo("data: Message " + n + " at 12:00:00");
        if (n % 5 == 0) {
          assertThat(client.nextBlock())
              .isEqualTo("event: update\ndata: {\"count\":" + n + ",\"timestamp\":\"2025-01-31T12:00:00.250Z\"}");
        }
      }
    }
  }
}
