package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class ShutdownIT {
  @Test
  void tellsStreamsWhenToComeBackClosesThemAndStopsAccepting() throws Exception {
    BlockingQueue<String> closed = new ArrayBlockingQueue<>(4);
    SseServer server = SseServer.builder().port(0).bindAddress("127.0.0.1")
        .shutdownRetry(Duration.ofMillis(1000))
        .sse("/events", (request, stream) -> stream.onClose(() -> closed.add("closed")))
        .get("/hello", request -> Response.text("hi"))
        .build();
    int port = server.start();
    try (SseClient first = SseClient.open(port, "/events"); SseClient second = SseClient.open(port, "/events");
        RawHttp idle = new RawHttp(port)) {
      assertThat(idle.exchange("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      long started = System.nanoTime();
      server.stop(Duration.ofSeconds(5));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

      for (SseClient client : new SseClient[] {first, second}) {
        SseClient.Retry retry = (SseClient.Retry) client.next();
        assertThat(retry.millis()).isBetween(1000L, 2000L);
        assertThat(client.next()).isEqualTo(SseClient.END);
      }
      assertThat(closed.poll(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(closed.poll(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(idle.closedByServer()).as("idle keep-alive connection closed").isTrue();
      assertThat(server.stats().openStreams()).isZero();
      assertThat(server.stats().connections()).isZero();
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      assertThat(false).as("connection after stop should be refused").isTrue();
    } catch (IOException expected) {
      // Refused: the server no longer listens.
    }
  }
}
