package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connections past a limit are closed when accepted, before anything is read from them: one left
 * open until its first request holds a file descriptor however long it stays silent (issue 14,
 * hole 2b).
 */
@ExtendWith(LeakCheck.class)
class ConnectionLimitsIT {
  private static final String HELLO = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
  private SseServer server;

  private int start(SseServer.Builder builder) {
    server = builder.port(0).get("/hello", request -> Response.text("hi")).build();
    return server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  @Test
  void aConnectionPastTheLimitIsClosedAtAccept() throws Exception {
    int port = start(SseServer.builder().maxConnections(1));
    try (RawHttp first = new RawHttp(port)) {
      // Served first, so this connection holds the only slot while it is kept alive.
      assertThat(first.exchange(HELLO).status()).isEqualTo(200);
      try (RawHttp second = new RawHttp(port)) {
        assertThat(second.closedByServer()).as("closed without a request being read").isTrue();
      }
      assertThat(server.stats().rejectedConnections()).isEqualTo(1);
      assertThat(first.exchange(HELLO).status()).as("the admitted connection is unaffected").isEqualTo(200);
    }
    awaitConnections(0);
    try (RawHttp third = new RawHttp(port)) {
      assertThat(third.exchange(HELLO).status()).as("the slot is free again").isEqualTo(200);
    }
  }

  @Test
  void oneAddressMayHoldOnlyItsShare() throws Exception {
    int port = start(SseServer.builder().maxConnections(10).maxConnectionsPerAddress(2).limitLoopbackConnections(true));
    try (RawHttp first = new RawHttp(port); RawHttp second = new RawHttp(port)) {
      assertThat(first.exchange(HELLO).status()).isEqualTo(200);
      assertThat(second.exchange(HELLO).status()).isEqualTo(200);
      try (RawHttp third = new RawHttp(port)) {
        assertThat(third.closedByServer()).isTrue();
      }
      assertThat(server.stats().rejectedConnections()).isEqualTo(1);
    }
    awaitConnections(0);
    try (RawHttp again = new RawHttp(port)) {
      assertThat(again.exchange(HELLO).status()).as("the address's count went down as it closed").isEqualTo(200);
    }
  }

  @Test
  void loopbackIsNotCountedPerAddressUnlessAsked() throws Exception {
    int port = start(SseServer.builder().maxConnections(10).maxConnectionsPerAddress(1));
    try (RawHttp first = new RawHttp(port); RawHttp second = new RawHttp(port)) {
      assertThat(first.exchange(HELLO).status()).isEqualTo(200);
      assertThat(second.exchange(HELLO).status()).isEqualTo(200);
    }
    assertThat(server.stats().rejectedConnections()).isZero();
  }

  /** Waits until the server has seen its connections close (the count drops on the loop). */
  private void awaitConnections(long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.stats().connections() != count) {
      assertThat(System.nanoTime() - deadline).as("connections down to " + count).isNegative();
      Thread.onSpinWait();
    }
  }
}
