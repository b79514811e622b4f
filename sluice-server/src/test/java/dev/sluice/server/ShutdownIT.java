package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  /**
   * With a handler executor a handler may finish after shutdown told the open streams to come back
   * later. Its stream must not open then (it would miss the {@code retry:} hint and hold shutdown
   * until the deadline): it is refused with 503 and Retry-After, and stop() ends promptly.
   */
  @Test
  void refusesAStreamWhoseHandlerFinishesAfterShutdownBegan() throws Exception {
    ExecutorService handlers = Executors.newCachedThreadPool();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch shutdownBegan = new CountDownLatch(1);
    SseServer server = SseServer.builder().port(0).bindAddress("127.0.0.1").handlerExecutor(handlers)
        .sse("/events", (request, stream) -> {
          stream.onClose(shutdownBegan::countDown); // Runs when shutdown closes the open streams.
          stream.send(ServerSentEvent.of("open"));
        })
        .get("/slow", request -> {
          entered.countDown();
          if (!shutdownBegan.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("no shutdown");
          return Response.sse(stream -> stream.send(ServerSentEvent.of("too late")));
        })
        .build();
    int port = server.start();
    try (SseClient open = SseClient.open(port, "/events"); RawHttp slow = new RawHttp(port)) {
      assertThat(open.nextEvent().data()).isEqualTo("open");
      slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      long started = System.nanoTime();
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(20)));
      RawHttp.Reply reply = slow.read();
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.headers()).containsEntry("retry-after", "5");
      assertThat(reply.body()).isEqualTo("Service Unavailable: shutting down\n");
      assertThat(slow.closedByServer()).isTrue();
      stopped.get(20, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("stop() well before its deadline")
          .isLessThan(Duration.ofSeconds(10));
      assertThat(server.stats().rejectedStreams()).isEqualTo(1);
      assertThat(server.stats().streamsOpened()).isEqualTo(1);
    } finally {
      handlers.shutdownNow();
    }
  }
}
