package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/2 event streams: h2c by prior knowledge, and how the connection idle timeout and heartbeats
 * interact (an open event stream keeps its connection; a connection without streams idles out).
 */
@ExtendWith(LeakCheck.class)
class Http2StreamsIT {
  private static final Duration IDLE = Duration.ofMillis(300);
  private static final Duration HEARTBEAT = Duration.ofMillis(100);
  private final BlockingQueue<SseStream> opened = new ArrayBlockingQueue<>(8);
  private SseServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  private int start(SseServer.Builder builder) {
    server = builder.port(0).bindAddress("127.0.0.1")
        .sse("/events", (request, stream) -> {
          opened.add(stream);
          stream.send(ServerSentEvent.of(request.protocol()));
        }).build();
    return server.start();
  }

  @Test
  void streamsEventsOverH2cByPriorKnowledge() throws Exception {
    int port = start(SseServer.builder());
    try (H2Client client = new H2Client(port)) {
      H2Client.Stream first = client.get("/events");
      H2Client.Stream second = client.get("/events");
      for (H2Client.Stream stream : new H2Client.Stream[] {first, second}) {
        assertThat(stream.next()).isEqualTo("status 200 text/event-stream; charset=utf-8");
        assertThat(stream.next()).isEqualTo("data: HTTP/2\n\n");
      }
      SseStream firstStream = opened.poll(10, TimeUnit.SECONDS);
      SseStream secondStream = opened.poll(10, TimeUnit.SECONDS);
      assertThat(server.stats().connections()).isEqualTo(1);
      try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of("both"))) {
        assertThat(Fanout.send(event, java.util.List.of(firstStream, secondStream))).isEqualTo(2);
      }
      assertThat(first.next()).isEqualTo("data: both\n\n");
      assertThat(second.next()).isEqualTo("data: both\n\n");
      firstStream.close();
      assertThat(first.next()).isEqualTo(H2Client.END);
      secondStream.send(ServerSentEvent.of("still open"));
      assertThat(second.next()).isEqualTo("data: still open\n\n");
    }
  }

  /** Heartbeats every 100 ms on a connection whose idle timeout is 300 ms: ten of them prove it stays. */
  @Test
  void heartbeatsKeepAPriorKnowledgeConnectionWithAStreamOpenPastTheIdleTimeout() throws Exception {
    int port = start(SseServer.builder().idleTimeout(IDLE).heartbeat(HEARTBEAT));
    try (H2Client client = new H2Client(port)) {
      H2Client.Stream stream = client.get("/events");
      assertThat(stream.next()).startsWith("status 200");
      assertThat(stream.next()).isEqualTo("data: HTTP/2\n\n");
      for (int i = 0; i < 10; i++) assertThat(stream.next()).isEqualTo(":\n\n");
      assertThat(client.connectionClosed).isNotDone();

      opened.poll(10, TimeUnit.SECONDS).close();
      assertThat(stream.next()).isEqualTo(H2Client.END);
      // With no stream left the connection is idle, and closed once the timeout passes.
      client.connectionClosed.get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The same over {@code Upgrade: h2c}, where the idle timer sits after the HTTP/2 handlers and sees
   * none of the streams' traffic: an open stream must still keep the connection.
   */
  @Test
  void anOpenStreamKeepsAnUpgradedH2cConnectionPastTheIdleTimeout() throws Exception {
    int port = start(SseServer.builder().idleTimeout(IDLE).heartbeat(HEARTBEAT));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<java.io.InputStream> response = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("data: HTTP/2");
      assertThat(lines.readLine()).isEmpty();
      for (int i = 0; i < 10; i++) {
        assertThat(lines.readLine()).as("heartbeat %d", i).isEqualTo(":");
        assertThat(lines.readLine()).isEmpty();
      }
      SseStream stream = opened.poll(10, TimeUnit.SECONDS);
      assertThat(stream.isOpen()).isTrue();
      stream.send(ServerSentEvent.of("after the idle timeout"));
      String line;
      do {
        line = lines.readLine();
      } while (":".equals(line) || "".equals(line));
      assertThat(line).isEqualTo("data: after the idle timeout");
    }
  }
}
