package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /sse/reconnect}: retry, ids 0..99, resumption, {@code break_every}, the final 204. */
@ExtendWith(LeakCheck.class)
class ReconnectStreamIT {
  @RegisterExtension
  static final DemoServer demo = new DemoServer();

  @Test
  void firstConnectionSendsRetryThenEveryIdFromZeroToNinetyNineAndEnds() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/reconnect", null)) {
      assertThat(client.readAll()).isEqualTo(retryThenIds(0, 99));
    }
  }

  @Test
  void resumesAfterTheLastEventId() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/reconnect", null, "Last-Event-ID: 41")) {
      assertThat(client.readAll()).isEqualTo(retryThenIds(42, 99));
    }
  }

  @Test
  void breakEveryEndsEachResponseAfterABlockOfIds() throws IOException {
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/reconnect?break_every=10", null)) {
      assertThat(client.readAll()).isEqualTo(retryThenIds(0, 9));
    }
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/reconnect?break_every=10",
        null, "Last-Event-ID: 41")) {
      assertThat(client.readAll()).isEqualTo(retryThenIds(42, 49));
    }
    try (SseClient client = SseClient.send(demo.port, "GET", "/sse/reconnect?break_every=1",
        null, "Last-Event-ID: 41")) {
      assertThat(client.readAll()).isEqualTo(retryThenIds(42, 42));
    }
  }

  @Test
  void aClientThatResumesLikeEventSourceGetsEveryIdOnceThenNoContent() throws IOException {
    List<Integer> ids = new ArrayList<>();
    List<Integer> lastIdPerConnection = new ArrayList<>();
    String lastEventId = null;
    boolean noContent = false;
    for (int connection = 0; connection < 20; connection++) {
      String[] header = lastEventId == null ? new String[0] : new String[] {"Last-Event-ID: " + lastEventId};
      try (SseClient client = SseClient.send(demo.port, "GET", "/sse/reconnect?break_every=10", null, header)) {
        if (client.status() == 204) {
          noContent = true; // Tells an EventSource to stop reconnecting.
          break;
        }
        assertThat(client.status()).isEqualTo(200);
        String[] blocks = client.readAll().split("\n\n");
        assertThat(blocks[0]).isEqualTo("retry: 3000");
        for (int i = 1; i < blocks.length; i++) {
          String id = blocks[i].substring("id: ".length(), blocks[i].indexOf('\n'));
          assertThat(blocks[i]).isEqualTo("id: " + id + "\ndata: Message " + id);
          ids.add(Integer.parseInt(id));
          lastEventId = id;
        }
        lastIdPerConnection.add(Integer.parseInt(lastEventId));
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i <= 99; i++) expected.add(i);
    assertThat(ids).isEqualTo(expected);
    assertThat(noContent).as("204 after the last id").isTrue();
    assertThat(lastIdPerConnection).containsExactly(9, 19, 29, 39, 49, 59, 69, 79, 89, 99);
  }

  @Test
  void refusesABreakEveryOutsideOneToAHundred() throws IOException {
    for (String bad : List.of("0", "101", "x")) {
      try (SseClient client = SseClient.send(demo.port, "GET", "/sse/reconnect?break_every=" + bad, null)) {
        assertThat(client.status()).as(bad).isEqualTo(400);
        assertThat(client.readAll()).isEqualTo("break_every must be an integer from 1 to 100\n");
      }
    }
  }

  private static String retryThenIds(int first, int last) {
    StringBuilder expected = new StringBuilder("retry: 3000\n\n");
    for (int i = first; i <= last; i++) expected.append("id: ").append(i).append("\ndata: Message ").append(i).append("\n\n");
    return expected.toString();
  }

  @Test
  void refusesALastEventIdItNeverSent() throws IOException {
    for (String bad : List.of("abc", "-1", "100", "1e3")) {
      try (SseClient client = SseClient.send(demo.port, "GET", "/sse/reconnect", null, "Last-Event-ID: " + bad)) {
        assertThat(client.status()).as(bad).isEqualTo(400);
        assertThat(client.readAll()).isEqualTo("Last-Event-ID must be an integer from 0 to 99\n");
      }
    }
  }
}
