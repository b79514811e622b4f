package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every transport serves a plain route and an event stream over a real loopback socket. */
@ExtendWith(LeakCheck.class)
class IoTransportIT {
  private final BlockingQueue<SseStream> opened = new ArrayBlockingQueue<>(4);
  private SseServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
  void servesRoutesAndStreamsOnEachTransport(IoTransport transport) throws Exception {
    assumeTrue(transport != IoTransport.IO_URING || IoUring.isAvailable(), "io_uring unavailable here");
    assumeTrue(transport != IoTransport.EPOLL || Epoll.isAvailable(), "epoll unavailable here");
    server = SseServer.builder().port(0).ioTransport(transport)
        .get("/hello", request -> Response.text("hello"))
        .sse("/events", (request, stream) -> opened.add(stream))
        .build();
    int port = server.start();
    assertThat(server.ioTransport()).isEqualTo(transport);
    assertThat(server.isNativeTransport()).isEqualTo(transport != IoTransport.NIO);

    HttpResponse<String> hello = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(hello.body()).isEqualTo("hello");

    try (SseClient client = SseClient.open(port, "/events")) {
      SseStream stream = opened.poll(10, TimeUnit.SECONDS);
      assertThat(stream).as("stream opened").isNotNull();
      for (int i = 0; i < 100; i++) stream.send(ServerSentEvent.of(Integer.toString(i)));
      for (int i = 0; i < 100; i++) assertThat(client.nextEvent().data()).isEqualTo(Integer.toString(i));
    }
  }

  @Test
  void autoPrefersIoUringThenEpoll() {
    server = SseServer.builder().port(0).ioTransport(IoTransport.AUTO).build();
    server.start();
    IoTransport expected = IoUring.isAvailable() ? IoTransport.IO_URING
        : Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO;
    assertThat(server.ioTransport()).isEqualTo(expected);
  }
}
