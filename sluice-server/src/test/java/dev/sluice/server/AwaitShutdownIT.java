package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A main method can wait for the server, and the wait ends when the server is closed. */
class AwaitShutdownIT {
  @Test
  void awaitShutdownReturnsOnceTheServerIsClosed() throws Exception {
    SseServer server = SseServer.builder().bindAddress("127.0.0.1").port(0).build();
    server.start();
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
      try {
        server.awaitShutdown();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(server.awaitShutdown(Duration.ofMillis(50))).isFalse();
    assertThat(waiter).isNotDone();

    server.close();

    waiter.get(30, TimeUnit.SECONDS);
    assertThat(server.awaitShutdown(Duration.ZERO)).isTrue();
  }

  @Test
  void awaitShutdownAfterAStopReturnsAtOnce() throws Exception {
    SseServer server = SseServer.builder().bindAddress("127.0.0.1").port(0).build();
    server.start();
    server.stop(Duration.ofSeconds(5));
    server.awaitShutdown();
    assertThat(server.awaitShutdown(Duration.ZERO)).isTrue();
  }
}
