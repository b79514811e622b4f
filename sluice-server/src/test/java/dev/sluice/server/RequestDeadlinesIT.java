package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request must arrive within its deadlines however its bytes drip in: the idle timer, which every
 * byte resets, is no bound on a slow client (issue 14, hole 2a).
 */
@ExtendWith(LeakCheck.class)
class RequestDeadlinesIT {
  /** Between dripped bytes: far inside the idle timeout, so only the deadlines can end the request. */
  private static final long DRIP_MILLIS = 100;

  private final ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();
  private SseServer server;

  private int start(SseServer.Builder builder) {
    server = builder.port(0).idleTimeout(Duration.ofSeconds(60))
        .get("/hello", request -> Response.text("hi"))
        .post("/echo", request -> Response.text(request.bodyAsString()))
        .build();
    return server.start();
  }

  @AfterEach
  void stop() {
    dripper.shutdownNow();
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  /** Sends {@code text} one byte per tick, forever (repeating), until the connection fails. */
  private void drip(RawHttp http, String text) {
    AtomicInteger next = new AtomicInteger();
    dripper.scheduleAtFixedRate(() -> {
      try {
        int i = next.getAndIncrement() % text.length();
        http.send(text.substring(i, i + 1));
      } catch (IOException e) {
        throw new IllegalStateException("connection closed", e); // Ends the repetition.
      }
    }, 0, DRIP_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Test
  void aHeadDrippedInIsAnswered408AtTheHeaderDeadline() throws Exception {
    int port = start(SseServer.builder().headerTimeout(Duration.ofMillis(500)));
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /hello HTTP/1.1\r\n");
      drip(http, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaa\r\n");
      RawHttp.Reply reply = http.read();
      assertThat(reply.status()).isEqualTo(408);
      assertThat(reply.body()).isEqualTo("Request Timeout\n");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aConnectionThatSaysNothingIsClosedAtTheHeaderDeadline() throws Exception {
    int port = start(SseServer.builder().headerTimeout(Duration.ofMillis(500)));
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.closedByServer()).as("closed without an answer").isTrue();
    }
  }

  @Test
  void aBodyDrippedInIsAnswered408AtTheRequestDeadline() throws Exception {
    int port = start(SseServer.builder().requestTimeout(Duration.ofMillis(1000)));
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
      drip(http, "a");
      RawHttp.Reply reply = http.read();
      assertThat(reply.status()).isEqualTo(408);
      assertThat(http.closedByServer()).isTrue();
    }
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      drip(http, "1\r\na\r\n"); // One-byte chunks, each resetting any idle timer.
      RawHttp.Reply reply = http.read();
      assertThat(reply.status()).isEqualTo(408);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aKeepAliveConnectionMayWaitLongerThanTheHeaderTimeoutBetweenRequests() throws Exception {
    int port = start(SseServer.builder().headerTimeout(Duration.ofMillis(300)));
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      // The next request starts well after the header timeout: its clock starts at its first byte.
      dripper.schedule(() -> {
        http.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        return null;
      }, 1000, TimeUnit.MILLISECONDS);
      assertThat(http.read().status()).isEqualTo(200);
      assertThat(http.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok").body()).isEqualTo("ok");
    }
  }
}
