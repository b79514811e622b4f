package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.LimitExceededException;
import dev.sluice.ServerSentEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventSourceLifecycleTest extends LoopbackTestBase {
  @Test
  void reopensSilentStreamWhenReadTimeoutExpires() throws Exception {
    Duration readTimeout = Duration.ofSeconds(10);
    server.enqueue(ScriptedServer.Response.stream("").thenHoldOpen());
    server.enqueue(ScriptedServer.Response.status(204));
    start(builder("/events").readTimeout(readTimeout).lastEventId("5"));
    server.takeRequest();
    listener.takeOpen(); // Headers, then silence: not a byte of body.

    FakeScheduler.FakeTask watchdog = scheduler.next();
    assertThat(watchdog.delay).isEqualTo(readTimeout);
    watchdog.run(); // Ten silent seconds pass.
    assertThat(listener.takeError()).isInstanceOf(SseReadTimeoutException.class)
        .hasMessageContaining("10000 ms");
    server.awaitDisconnect(1);

    FakeScheduler.FakeTask reconnect = scheduler.next();
    assertThat(reconnect.delay).isEqualTo(BASE_DELAY);
    reconnect.run();
    assertThat(server.takeRequest().header("Last-Event-ID")).isEqualTo("5");
    listener.takeClosed();
  }

  @Test
  void closeFromAnotherThreadEndsBlockedReadPromptly() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("data: only\n\n").thenHoldOpen());
    start(builder("/events"));
    server.takeRequest();
    listener.takeOpen();
    listener.takeEvent(); // The reader is now blocked waiting for bytes that never come.

    CountDownLatch closers = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      Thread closer = new Thread(() -> {
        source.close();
        closers.countDown();
      });
      closer.start();
    }
    assertThat(closers.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(source.awaitClosed(Duration.ofSeconds(5))).isTrue();
    listener.takeClosed(); // Exactly once, though closed twice.
    assertThat(source.readyState()).isEqualTo(ReadyState.CLOSED);
    assertThat(source.failure()).isEmpty();
    server.awaitDisconnect(1);
    scheduler.assertNothingScheduled();
  }

  @Test
  void closeFromListenerStopsDispatchAtOnce() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("data: 1\n\ndata: [DONE]\n\ndata: after\n\n").thenHoldOpen());
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    source = builder("/events").listener(new EventSourceListener() {
      @Override
      public void onEvent(ServerSentEvent event) {
        seen.add(event.data());
        if (event.data().equals("[DONE]")) source.close();
      }

      @Override
      public void onClosed() {
        seen.add("closed");
      }
    }).build();
    source.start();
    server.takeRequest();
    assertThat(List.of(poll(seen), poll(seen), poll(seen))).containsExactly("1", "[DONE]", "closed");
    server.awaitDisconnect(1);
    assertThat(seen).isEmpty();
  }

  @Test
  void closeBeforeStartReportsClosedWithoutConnecting() throws Exception {
    source = builder("/events").build();
    source.close();
    listener.takeClosed();
    source.start();
    assertThat(source.readyState()).isEqualTo(ReadyState.CLOSED);
  }

  @Test
  void oversizedEventFailsWithClearErrorAndDispatchesNothingAfterIt() throws Exception {
    String big = "data: " + "x".repeat(600) + "\n";
    server.enqueue(ScriptedServer.Response.stream("data: small\n\n" + big + big + "\ndata: later\n\n").chunkedAt(100));
    start(builder("/events").maxEventSize(1024));
    server.takeRequest();
    listener.takeOpen();
    assertThat(listener.takeEvent().data()).isEqualTo("small");
    SseClientException error = listener.takeError();
    assertThat(error).isInstanceOf(SseLimitExceededException.class)
        .hasMessage("event stream exceeded the maximum event data size of 1024 bytes");
    assertThat(((SseLimitExceededException) error).limit()).isEqualTo(LimitExceededException.Limit.EVENT_SIZE);
    listener.takeClosed();
    scheduler.assertNothingScheduled();
  }

  @Test
  void defaultLimitsDispatchAOneMebibyteDataLineAsABrowserDoes() throws Exception {
    String data = "x".repeat(1_048_591);
    server.enqueue(ScriptedServer.Response.stream("data: " + data + "\n\n").chunkedAt(64 << 10).thenHoldOpen());
    start(builder("/events"));
    server.takeRequest();
    listener.takeOpen();
    assertThat(listener.takeEvent().data()).isEqualTo(data);
    source.close();
    listener.takeClosed();
  }

  @Test
  void endlessLineFailsWithoutBufferingIt() throws Exception {
    byte[] endless = new byte[8 << 20]; // 8 MiB of 'a' with no line break, against a 64 KiB limit.
    java.util.Arrays.fill(endless, (byte) 'a');
    server.enqueue(ScriptedServer.Response.stream(endless).chunkedAt(64 << 10));
    start(builder("/events").maxLineLength(64 << 10));
    server.takeRequest();
    listener.takeOpen();
    assertThat(((SseLimitExceededException) listener.takeError()).limit())
        .isEqualTo(LimitExceededException.Limit.LINE_LENGTH);
    listener.takeClosed();
  }

  @Test
  void postsBodyAndAsksSuppliersAgainOnEveryAttempt() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("data: one\n\n"));
    server.enqueue(ScriptedServer.Response.status(204));
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger tokens = new AtomicInteger();
    start(EventSource.builder(() -> server.uri("/v1/chat?attempt=" + attempts.incrementAndGet()))
        .post("{\"stream\":true}")
        .header("Content-Type", "application/json")
        .headers(() -> Map.of("Authorization", "Bearer token-" + tokens.incrementAndGet()))
        .retryDelayStrategy(RetryDelayStrategy.defaultStrategy().jitterMultiplier(0))
        .readTimeout(Duration.ZERO).scheduler(scheduler).clock(scheduler.clock).listener(listener));
    ScriptedServer.RecordedRequest first = server.takeRequest();
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.target()).isEqualTo("/v1/chat?attempt=1");
    assertThat(first.bodyText()).isEqualTo("{\"stream\":true}");
    assertThat(first.header("Content-Type")).isEqualTo("application/json");
    assertThat(first.header("Authorization")).isEqualTo("Bearer token-1");
    listener.takeOpen();
    listener.takeEvent();
    scheduler.next().run();
    ScriptedServer.RecordedRequest second = server.takeRequest();
    assertThat(second.method()).isEqualTo("POST");
    assertThat(second.target()).isEqualTo("/v1/chat?attempt=2");
    assertThat(second.bodyText()).isEqualTo("{\"stream\":true}");
    assertThat(second.header("Authorization")).isEqualTo("Bearer token-2");
    listener.takeClosed();
  }

  @Test
  void forbiddenHeaderFailsWithoutRetrying() throws Exception {
    start(builder("/events").header("Connection", "keep-alive"));
    assertThat(listener.takeError()).hasMessageStartingWith("invalid request:");
    listener.takeClosed();
    scheduler.assertNothingScheduled();
  }

  @Test
  void typedHandlersReceiveOnlyTheirType() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("event: tick\ndata: 1\n\ndata: 2\n\nevent: tock\ndata: 3\n\n"));
    server.enqueue(ScriptedServer.Response.status(204));
    BlockingQueue<String> ticks = new LinkedBlockingQueue<>();
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    start(builder("/events").on("tick", event -> ticks.add(event.data()))
        .on("message", event -> messages.add(event.data())));
    server.takeRequest();
    listener.takeOpen();
    for (int i = 0; i < 3; i++) listener.takeEvent();
    scheduler.next().run();
    server.takeRequest();
    listener.takeClosed();
    assertThat(ticks).containsExactly("1");
    assertThat(messages).containsExactly("2");
  }

  @Test
  void listenerThatThrowsClosesSourceWithItsException() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("data: boom\n\n").thenHoldOpen());
    IllegalStateException thrown = new IllegalStateException("consumer bug");
    BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    source = builder("/events").listener(new EventSourceListener() {
      @Override
      public void onEvent(ServerSentEvent event) {
        throw thrown;
      }

      @Override
      public void onError(SseClientException error) {
        seen.add(error);
      }

      @Override
      public void onClosed() {
        seen.add("closed");
      }
    }).build().start();
    server.takeRequest();
    assertThat((Throwable) poll(seen)).hasCause(thrown);
    assertThat((Object) poll(seen)).isEqualTo("closed");
    server.awaitDisconnect(1);
  }

  @Test
  void rejectsUriSupplierThatReturnsNull() throws Exception {
    start(EventSource.builder(() -> (URI) null).readTimeout(Duration.ZERO).scheduler(scheduler).listener(listener));
    assertThat(listener.takeError()).hasMessageContaining("URI supplier returned null");
    listener.takeClosed();
  }

  @SuppressWarnings("unchecked")
  private static <T> T poll(BlockingQueue<?> queue) throws InterruptedException {
    Object value = queue.poll(10, TimeUnit.SECONDS);
    assertThat(value).as("a value within 10 s").isNotNull();
    return (T) value;
  }
}
