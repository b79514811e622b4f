package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class SseStreamIT {
  private final BlockingQueue<SseStream> opened = new ArrayBlockingQueue<>(16);
  private SseServer server;

  private int start(SseServer.Builder builder) {
    server = builder.port(0).bindAddress("127.0.0.1").build();
    return server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  private SseStream nextStream() throws InterruptedException {
    SseStream stream = opened.poll(10, TimeUnit.SECONDS);
    assertThat(stream).as("stream opened").isNotNull();
    return stream;
  }

  @Test
  void sendsEventStreamHeadersBeforeAnyEvent() throws Exception {
    int port = start(SseServer.builder().sse("/events", (request, stream) -> opened.add(stream)));
    try (SseClient client = SseClient.open(port, "/events")) {
      // The head arrived although the handler has sent nothing: onopen fires before the first event.
      assertThat(client.status()).isEqualTo(200);
      assertThat(client.headers()).containsEntry("content-type", "text/event-stream; charset=utf-8")
          .containsEntry("cache-control", "no-cache")
          .containsEntry("x-accel-buffering", "no");
      SseStream stream = nextStream();
      stream.send(ServerSentEvent.builder().id("1").event("greeting").data("hello\nworld").build());
      ServerSentEvent event = client.nextEvent();
      assertThat(event.id()).contains("1");
      assertThat(event.type()).isEqualTo("greeting");
      assertThat(event.data()).isEqualTo("hello\nworld");
    }
  }

  @Test
  void usesANativeTransportOnLinuxX86UnlessToldOtherwise() {
    start(SseServer.builder().get("/", request -> Response.text("ok")));
    boolean linuxX86 = System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
    String wanted = System.getProperty(IoTransport.PROPERTY, "auto");
    boolean nioWanted = IoTransport.parse(wanted) == IoTransport.NIO;
    assertThat(server.isNativeTransport()).isEqualTo(linuxX86 && !nioWanted);
    if (!wanted.equals("auto")) assertThat(server.ioTransport()).isEqualTo(IoTransport.parse(wanted));
  }

  @Test
  void deliversEventsFromAnyThreadInOrder() throws Exception {
    int port = start(SseServer.builder().sse("/events", (request, stream) -> opened.add(stream)));
    try (SseClient client = SseClient.open(port, "/events")) {
      SseStream stream = nextStream();
      for (int i = 0; i < 1000; i++) assertThat(stream.send(ServerSentEvent.of(Integer.toString(i)))).isTrue();
      for (int i = 0; i < 1000; i++) assertThat(client.nextEvent().data()).isEqualTo(Integer.toString(i));
      assertThat(server.stats().deliveries()).isEqualTo(1000);
    }
  }

  @Test
  void writesHeartbeatCommentsToIdleStreams() throws Exception {
    int port = start(SseServer.builder().heartbeat(Duration.ofMillis(100))
        .sse("/events", (request, stream) -> opened.add(stream)));
    try (SseClient client = SseClient.open(port, "/events")) {
      assertThat(client.next()).isEqualTo(new SseClient.Comment(""));
      assertThat(client.next()).isEqualTo(new SseClient.Comment(""));
      assertThat(server.stats().heartbeats()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void clientDisconnectRunsOnCloseOnceAndFreesTimersAndState() throws Exception {
    AtomicInteger closeCalls = new AtomicInteger();
    CountDownLatch closed = new CountDownLatch(1);
    BlockingQueue<ScheduledFuture<?>> timers = new ArrayBlockingQueue<>(1);
    int port = start(SseServer.builder().sse("/events", (request, stream) -> {
      stream.onClose(closeCalls::incrementAndGet);
      stream.onClose(closed::countDown);
      timers.add(stream.scheduler().scheduleAtFixedRate(
          () -> stream.send(ServerSentEvent.of("tick")), Duration.ZERO, Duration.ofMillis(5)));
      opened.add(stream);
    }));
    SseClient client = SseClient.open(port, "/events");
    SseStream stream = nextStream();
    assertThat(client.nextEvent().data()).isEqualTo("tick");
    assertThat(server.stats().openStreams()).isEqualTo(1);

    client.close();

    assertThat(closed.await(10, TimeUnit.SECONDS)).as("onClose ran").isTrue();
    assertThat(stream.isOpen()).isFalse();
    assertThat(stream.send(ServerSentEvent.of("late"))).isFalse();
    stream.close(); // Closing again changes nothing.
    assertThat(closeCalls).hasValue(1);
    assertThat(timers.take().isCancelled()).as("the stream's timer is cancelled").isTrue();
    assertThat(server.stats().openStreams()).isZero();
    assertThat(server.stats().connections()).isZero();
    AtomicInteger lateCallback = new AtomicInteger();
    stream.onClose(lateCallback::incrementAndGet);
    assertThat(lateCallback).as("a callback added after close runs at once").hasValue(1);
  }

  @Test
  void serverCloseEndsTheResponseAndRunsOnCloseOnce() throws Exception {
    AtomicInteger closeCalls = new AtomicInteger();
    int port = start(SseServer.builder().sse("/events", (request, stream) -> {
      stream.onClose(closeCalls::incrementAndGet);
      stream.retry(Duration.ofMillis(2500));
      stream.send(ServerSentEvent.of("bye"));
      stream.close();
      stream.close();
    }));
    try (SseClient client = SseClient.open(port, "/events")) {
      assertThat(client.next()).isEqualTo(new SseClient.Retry(2500));
      assertThat(client.nextEvent().data()).isEqualTo("bye");
      assertThat(client.next()).isEqualTo(SseClient.END);
    }
    assertThat(closeCalls).hasValue(1);
  }

  @Test
  void handlerMayAddHeadersOrRefuseBeforeTheStreamOpens() throws Exception {
    int port = start(SseServer.builder().get("/.well-known/mercure", request -> {
      if (request.query("topic").isEmpty()) throw new HttpStatusException(400, "missing topic");
      if (request.header("Authorization").isEmpty()) {
        return Response.text(401, "no token").withHeader("WWW-Authenticate", "Bearer realm=\"sluice\"");
      }
      return Response.sse(opened::add).withHeader("Mercure-Last-Event-ID", "urn:uuid:42");
    }));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply reply = http.exchange("GET /.well-known/mercure HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.body()).isEqualTo("missing topic\n");
      reply = http.exchange("GET /.well-known/mercure?topic=a HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.headers()).containsEntry("www-authenticate", "Bearer realm=\"sluice\"");
    }
    try (SseClient client = SseClient.open(port, "/.well-known/mercure?topic=a", "Authorization: Bearer x\r\n")) {
      assertThat(client.status()).isEqualTo(200);
      assertThat(client.headers()).containsEntry("mercure-last-event-id", "urn:uuid:42");
      nextStream().send(ServerSentEvent.of("ok"));
      assertThat(client.nextEvent().data()).isEqualTo("ok");
    }
  }

  @Test
  void runsBlockingHandlersOnTheGivenExecutor() throws Exception {
    java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      int port = start(SseServer.builder().handlerExecutor(executor).sse("/count", (request, stream) -> {
        assertThat(Thread.currentThread().getName()).doesNotStartWith("sluice-io");
        for (int i = 0; i < 3; i++) stream.send(ServerSentEvent.of("n" + i));
        stream.close();
      }));
      try (SseClient client = SseClient.open(port, "/count")) {
        assertThat(client.nextEvent().data()).isEqualTo("n0");
        assertThat(client.nextEvent().data()).isEqualTo("n1");
        assertThat(client.nextEvent().data()).isEqualTo("n2");
        client.awaitEnd();
      }
    } finally {
      server.stop(Duration.ofSeconds(5));
      executor.shutdownNow();
    }
  }
}
