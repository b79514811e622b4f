package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventSourceReconnectTest extends LoopbackTestBase {
  private static final String FIRST_STREAM =
      "retry: 2500\r\nid: 1\ndata: a\n\n: heartbeat\rid: 2\nevent: tick\ndata: b\ndata:\n\ndata: lost\n";

  @ParameterizedTest(name = "written {0} bytes at a time")
  @ValueSource(ints = {1, 7, 1 << 20})
  void reconnectsAfterServerEndsStreamSendingLastEventIdAfterServerRetry(int chunkSize) throws Exception {
    server.enqueue(ScriptedServer.Response.stream(FIRST_STREAM).chunkedAt(chunkSize));
    server.enqueue(ScriptedServer.Response.stream("data: c\n\n").chunkedAt(chunkSize).chunkedEncoding());
    start(builder("/events"));

    ScriptedServer.RecordedRequest first = server.takeRequest();
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.header("Accept")).isEqualTo("text/event-stream");
    assertThat(first.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(first.header("Last-Event-ID")).isNull();
    listener.takeOpen();
    assertThat(listener.takeRetry()).isEqualTo(Duration.ofMillis(2500));
    assertThat(listener.takeEvent()).isEqualTo(ServerSentEvent.builder().id("1").data("a").build());
    assertThat(listener.takeComment()).isEqualTo("heartbeat");
    assertThat(listener.takeEvent())
        .isEqualTo(ServerSentEvent.builder().id("2").event("tick").data("b\n").build());

    FakeScheduler.FakeTask reconnect = scheduler.next();
    assertThat(reconnect.delay).as("the stream's retry, not the base delay").isEqualTo(Duration.ofMillis(2500));
    assertThat(source.readyState()).isEqualTo(ReadyState.CONNECTING);
    reconnect.run();

    ScriptedServer.RecordedRequest second = server.takeRequest();
    assertThat(second.header("Last-Event-ID")).isEqualTo("2");
    listener.takeOpen();
    assertThat(listener.takeEvent()).as("the last event ID carries over").isEqualTo(
        ServerSentEvent.builder().id("2").data("c").build());
    assertThat(scheduler.next().delay).as("backoff grows from the retry").isEqualTo(Duration.ofMillis(5000));
    source.close();
    listener.takeClosed();
  }

  @Test
  void backsOffExponentiallyWhileStreamsKeepEndingAtOnce() throws Exception {
    for (int i = 0; i < 3; i++) server.enqueue(ScriptedServer.Response.stream(""));
    start(builder("/events"));
    for (Duration expected : new Duration[] {BASE_DELAY, BASE_DELAY.multipliedBy(2), BASE_DELAY.multipliedBy(4)}) {
      server.takeRequest();
      listener.takeOpen();
      FakeScheduler.FakeTask reconnect = scheduler.next();
      assertThat(reconnect.delay).isEqualTo(expected);
      if (!expected.equals(BASE_DELAY.multipliedBy(4))) reconnect.run();
    }
    source.close();
    listener.takeClosed();
  }

  @Test
  void stopsWithoutReconnectingOn204() throws Exception {
    server.enqueue(ScriptedServer.Response.status(204));
    start(builder("/events"));
    server.takeRequest();
    listener.takeClosed();
    assertThat(source.readyState()).isEqualTo(ReadyState.CLOSED);
    assertThat(source.failure()).isEmpty();
    scheduler.assertNothingScheduled();
  }

  @Test
  void failsWithoutReconnectingOnWrongContentType() throws Exception {
    server.enqueue(ScriptedServer.Response.withContentType("application/json", "data: x\n\n"));
    start(builder("/events"));
    server.takeRequest();
    SseClientException error = listener.takeError();
    assertThat(error).isInstanceOf(SseContentTypeException.class)
        .hasMessageContaining("text/event-stream").hasMessageContaining("application/json");
    listener.takeClosed();
    assertThat(source.failure()).containsSame(error);
    scheduler.assertNothingScheduled();
  }

  @Test
  void acceptsEventStreamWithParameters() throws Exception {
    server.enqueue(ScriptedServer.Response.withContentType("Text/Event-Stream; charset=utf-8", "data: x\n\n"));
    server.enqueue(ScriptedServer.Response.status(204));
    start(builder("/events"));
    server.takeRequest();
    listener.takeOpen();
    assertThat(listener.takeEvent().data()).isEqualTo("x");
    scheduler.next().run();
    server.takeRequest();
    listener.takeClosed();
  }

  @Test
  void retriesServerErrorAndResumesOnceTheServerRecovers() throws Exception {
    server.enqueue(ScriptedServer.Response.status(500));
    server.enqueue(ScriptedServer.Response.stream("data: back\n\n").thenHoldOpen());
    start(builder("/events").lastEventId("41"));
    assertThat(server.takeRequest().header("Last-Event-ID")).as("the initial ID").isEqualTo("41");
    assertThat(((SseHttpStatusException) listener.takeError()).status()).isEqualTo(500);
    FakeScheduler.FakeTask reconnect = scheduler.next();
    assertThat(reconnect.delay).isEqualTo(BASE_DELAY);
    reconnect.run();
    assertThat(server.takeRequest().header("Last-Event-ID")).isEqualTo("41");
    listener.takeOpen();
    assertThat(listener.takeEvent().data()).isEqualTo("back");
    source.close();
    listener.takeClosed();
    server.awaitDisconnect(2);
  }

  @Test
  void givesUpOnServerErrorsAfterMaxAttempts() throws Exception {
    server.enqueue(ScriptedServer.Response.status(502)).enqueue(ScriptedServer.Response.status(503));
    start(builder("/events").errorStrategy(ErrorStrategy.maxAttempts(2)));
    server.takeRequest();
    assertThat(((SseHttpStatusException) listener.takeError()).status()).isEqualTo(502);
    scheduler.next().run();
    server.takeRequest();
    assertThat(((SseHttpStatusException) listener.takeError()).status()).isEqualTo(503);
    listener.takeClosed();
    assertThat(source.failure()).get().isInstanceOf(SseHttpStatusException.class);
    scheduler.assertNothingScheduled();
  }

  @Test
  void stopsAtFirstServerErrorWithStopStrategy() throws Exception {
    server.enqueue(ScriptedServer.Response.status(500));
    start(builder("/events").errorStrategy(ErrorStrategy.stop()));
    server.takeRequest();
    assertThat(listener.takeError()).hasMessage("HTTP 500 from " + server.uri("/events"));
    listener.takeClosed();
    scheduler.assertNothingScheduled();
  }

  @Test
  void likeBrowserReconnectsAfterAnEndedStreamButStopsAtAServerError() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("id: 5\ndata: a\n\n"));
    server.enqueue(ScriptedServer.Response.status(500));
    start(builder("/events").errorStrategy(ErrorStrategy.likeBrowser()));
    server.takeRequest();
    listener.takeOpen();
    assertThat(listener.takeEvent().data()).isEqualTo("a");
    scheduler.next().run(); // The stream ended: a browser reconnects.
    assertThat(server.takeRequest().header("Last-Event-ID")).isEqualTo("5");
    assertThat(((SseHttpStatusException) listener.takeError()).status()).isEqualTo(500);
    listener.takeClosed(); // A browser fails the connection for good.
    assertThat(source.failure()).get().isInstanceOf(SseHttpStatusException.class);
    scheduler.assertNothingScheduled();
  }

  @Test
  void likeBrowserRetriesARefusedConnection() throws Exception {
    int port = ScriptedServer.unusedPort();
    source = EventSource.builder(URI.create("http://127.0.0.1:" + port + "/events"))
        .retryDelayStrategy(RetryDelayStrategy.defaultStrategy().baseDelay(BASE_DELAY).jitterMultiplier(0))
        .errorStrategy(ErrorStrategy.likeBrowser())
        .scheduler(scheduler).clock(scheduler.clock).readTimeout(Duration.ZERO)
        .listener(listener).build().start();
    assertThat(listener.takeError()).hasCauseInstanceOf(ConnectException.class);
    assertThat(scheduler.next().delay).isEqualTo(BASE_DELAY); // A network error is retried.
    source.close();
    listener.takeClosed();
  }

  @Test
  void aTwoHundredAndOneIsNotAStreamAndIsNotRetried() throws Exception {
    server.enqueue(ScriptedServer.Response.status(201, "Content-Type: text/event-stream"));
    start(builder("/events"));
    server.takeRequest();
    assertThat(listener.takeError()).isInstanceOf(SseHttpStatusException.class)
        .hasMessage("HTTP 201 from " + server.uri("/events"));
    listener.takeClosed();
    scheduler.assertNothingScheduled();
  }

  @Test
  void failsWithoutRetryingOnNotFound() throws Exception {
    server.enqueue(ScriptedServer.Response.status(404));
    start(builder("/events"));
    server.takeRequest();
    assertThat(((SseHttpStatusException) listener.takeError()).status()).isEqualTo(404);
    listener.takeClosed();
    scheduler.assertNothingScheduled();
  }

  @Test
  void waitsRetryAfterSecondsBeforeRetrying() throws Exception {
    server.enqueue(ScriptedServer.Response.status(503, "Retry-After: 7"));
    start(builder("/events"));
    server.takeRequest();
    listener.takeError();
    assertThat(scheduler.next().delay).isEqualTo(Duration.ofSeconds(7));
    source.close();
    listener.takeClosed();
  }

  @Test
  void waitsUntilRetryAfterDateBeforeRetrying() throws Exception {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        scheduler.clock.instant().plusSeconds(30).atOffset(ZoneOffset.UTC));
    server.enqueue(ScriptedServer.Response.status(429, "Retry-After: " + date));
    start(builder("/events"));
    server.takeRequest();
    assertThat(((SseHttpStatusException) listener.takeError()).status()).isEqualTo(429);
    assertThat(scheduler.next().delay).isEqualTo(Duration.ofSeconds(30));
    source.close();
    listener.takeClosed();
  }

  @Test
  void retriesRefusedConnectionUntilPolicyGivesUp() throws Exception {
    int closedPort = ScriptedServer.unusedPort();
    source = EventSource.builder(URI.create("http://127.0.0.1:" + closedPort + "/events"))
        .retryDelayStrategy(RetryDelayStrategy.defaultStrategy().jitterMultiplier(0))
        .errorStrategy(ErrorStrategy.maxAttempts(2))
        .scheduler(scheduler).clock(scheduler.clock).readTimeout(Duration.ZERO)
        .listener(listener).build().start();
    assertThat(listener.takeError()).hasCauseInstanceOf(ConnectException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort).hasMessageEndingWith("connection refused");
    scheduler.next().run();
    listener.takeError();
    listener.takeClosed();
  }

  @Test
  void resumesAfterNonAsciiIdWithPercentEncodedHeader() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("id: 日本-1 %\ndata: x\n\n"));
    server.enqueue(ScriptedServer.Response.status(204));
    start(builder("/events"));
    server.takeRequest();
    listener.takeOpen();
    assertThat(listener.takeEvent().id()).hasValue("日本-1 %");
    scheduler.next().run();
    String sent = server.takeRequest().header("Last-Event-ID");
    assertThat(sent).isEqualTo("%E6%97%A5%E6%9C%AC-1%20%25");
    assertThat(LastEventIds.decodeHeaderValue(sent)).isEqualTo("日本-1 %");
    listener.takeClosed();
  }

  @Test
  void resumesAfterNonAsciiIdWithQueryParameter() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("id: é/1&x\ndata: x\n\n"));
    server.enqueue(ScriptedServer.Response.status(204));
    start(builder("/hub?topic=a").lastEventIdQueryParameter("lastEventID"));
    assertThat(server.takeRequest().target()).isEqualTo("/hub?topic=a");
    listener.takeOpen();
    listener.takeEvent();
    scheduler.next().run();
    ScriptedServer.RecordedRequest resumed = server.takeRequest();
    assertThat(resumed.target()).isEqualTo("/hub?topic=a&lastEventID=%C3%A9%2F1%26x");
    assertThat(resumed.header("Last-Event-ID")).isNull();
    listener.takeClosed();
  }

  @Test
  void readsOneStreamWhenReconnectIsOff() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("data: once\n\n"));
    start(builder("/events").reconnect(false));
    server.takeRequest();
    listener.takeOpen();
    assertThat(listener.takeEvent().data()).isEqualTo("once");
    listener.takeClosed();
    assertThat(source.failure()).isEmpty();
    scheduler.assertNothingScheduled();
  }
}
