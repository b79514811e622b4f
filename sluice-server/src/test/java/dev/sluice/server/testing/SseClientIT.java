package dev.sluice.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared test support does what other modules' tests will lean on, against a real server. */
@ExtendWith(LeakCheck.class)
class SseClientIT {
  private SseServer server;
  private int port;

  @BeforeEach
  void start() {
    server = SseServer.builder().port(0).heartbeat(Duration.ZERO)
        .sse("/events", (request, stream) -> {
          stream.retry(Duration.ofMillis(1500));
          stream.send(ServerSentEvent.of("one"));
          stream.send(ServerSentEvent.builder().id("2").data("two").build());
          if (request.queryParameters().containsKey("end")) stream.close();
        })
        .post("/echo", request -> Response.json(201, request.bodyAsString()))
        .get("/refused", request -> Response.text(401, "no token\n"))
        .build();
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.stop(Duration.ofSeconds(5));
  }

  @Test
  void parsesAStreamOpenedByUri() throws Exception {
    try (SseClient client = SseClient.open(URI.create("http://127.0.0.1:" + port + "/events?end=1"),
        Map.of("Last-Event-ID", "1"))) {
      assertThat(client.status()).isEqualTo(200);
      assertThat(client.header("Content-Type")).hasValue("text/event-stream; charset=utf-8");
      assertThat(client.nextRetryMillis()).isEqualTo(1500);
      assertThat(client.nextData(2, SseClient.TIMEOUT)).containsExactly("one", "two");
      assertThat(client.awaitEnd(SseClient.TIMEOUT)).isTrue();
      assertThat(client.isOpen()).isFalse();
      client.assertNoEventQueued();
    }
  }

  @Test
  void noMoreEventsWithinAQuietPeriod() throws Exception {
    try (SseClient client = SseClient.open(port, "/events")) {
      assertThat(client.nextEvent().data()).isEqualTo("one");
      assertThat(client.nextEvent().id()).hasValue("2");
      client.assertNoMore(Duration.ofMillis(200));
    }
  }

  @Test
  void readsBlocksAndBodiesByHand() throws Exception {
    try (SseClient stream = SseClient.send(port, "GET", "/events?end=1", null)) {
      assertThat(stream.nextBlock()).isEqualTo("retry: 1500");
      assertThat(stream.nextBlock()).isEqualTo("data: one");
      assertThat(stream.nextBlock()).isEqualTo("id: 2\ndata: two");
      assertThat(stream.ended()).isTrue();
    }
    try (SseClient post = SseClient.send(port, "POST", "/echo", "{\"a\":1}", "Content-Type: application/json")) {
      assertThat(post.status()).isEqualTo(201);
      assertThat(post.readAll()).isEqualTo("{\"a\":1}");
    }
    try (SseClient refused = SseClient.open(port, "/refused")) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.awaitEnd(SseClient.TIMEOUT)).as("a Content-Length body ends the stream").isTrue();
    }
  }

  @Test
  void fakeClockMovesOnlyWhenTold() {
    FakeClock clock = new FakeClock(Instant.parse("2026-05-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    clock.advance(Duration.ofSeconds(3));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-01T00:00:03Z"));
    FakeClock ticking = new FakeClock().advanceOnEveryRead(Duration.ofNanos(10));
    assertThat(ticking.nanoTime()).isZero();
    assertThat(ticking.nanoTime()).isEqualTo(10);
  }
}
