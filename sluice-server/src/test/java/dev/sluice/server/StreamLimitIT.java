package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server-wide bound on open event streams, counted over HTTP/1.1 and HTTP/2 together. */
@ExtendWith(LeakCheck.class)
class StreamLimitIT {
  private final BlockingQueue<String> closed = new ArrayBlockingQueue<>(8);
  private SseServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  @Test
  void refusesStreamsPastTheLimitOverHttp1AndHttp2AndAcceptsAgainOnceOneCloses() throws Exception {
    server = SseServer.builder().port(0).bindAddress("127.0.0.1").maxStreams(3)
        .sse("/events", (request, stream) -> {
          stream.onClose(() -> closed.add(request.protocol()));
          stream.send(ServerSentEvent.of(request.protocol()));
        }).build();
    int port = server.start();
    try (SseClient http1 = SseClient.open(port, "/events"); H2Client h2 = new H2Client(port)) {
      assertThat(http1.status()).isEqualTo(200);
      assertThat(http1.nextEvent().data()).isEqualTo("HTTP/1.1");
      H2Client.Stream first = h2.get("/events");
      H2Client.Stream second = h2.get("/events");
      for (H2Client.Stream stream : new H2Client.Stream[] {first, second}) {
        assertThat(stream.next()).isEqualTo("status 200 text/event-stream; charset=utf-8");
        assertThat(stream.next()).isEqualTo("data: HTTP/2\n\n");
      }
      assertThat(server.stats().openStreams()).isEqualTo(3);

      // One connection only: far below maxConnections, yet no fourth stream on either protocol.
      H2Client.Stream refused = h2.get("/events");
      assertThat(refused.next()).isEqualTo("status 503 text/plain; charset=utf-8 retry-after 5");
      assertThat(refused.next()).isEqualTo("Service Unavailable: too many event streams\n");
      assertThat(refused.next()).isEqualTo(H2Client.END);
      try (RawHttp raw = new RawHttp(port)) {
        RawHttp.Reply reply = raw.exchange("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.headers()).containsEntry("retry-after", "5");
        assertThat(reply.body()).isEqualTo("Service Unavailable: too many event streams\n");
        assertThat(raw.closedByServer()).isTrue();
      }
      assertThat(server.stats().rejectedStreams()).isEqualTo(2);
      assertThat(server.stats().openStreams()).isEqualTo(3);

      http1.close(); // Frees a slot, which an HTTP/2 stream may take.
      assertThat(closed.poll(10, TimeUnit.SECONDS)).isEqualTo("HTTP/1.1");
      H2Client.Stream third = h2.get("/events");
      assertThat(third.next()).isEqualTo("status 200 text/event-stream; charset=utf-8");
      assertThat(third.next()).isEqualTo("data: HTTP/2\n\n");
      assertThat(server.stats().openStreams()).isEqualTo(3);
    }
  }

  @Test
  void defaultsToMaxConnections() throws Exception {
    server = SseServer.builder().port(0).bindAddress("127.0.0.1").maxConnections(1)
        .sse("/events", (request, stream) -> stream.send(ServerSentEvent.of("open"))).build();
    int port = server.start();
    try (H2Client h2 = new H2Client(port)) {
      H2Client.Stream first = h2.get("/events");
      assertThat(first.next()).startsWith("status 200");
      assertThat(h2.get("/events").next()).isEqualTo("status 503 text/plain; charset=utf-8 retry-after 5");
    }
  }
}
