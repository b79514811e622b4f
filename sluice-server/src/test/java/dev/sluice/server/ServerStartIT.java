package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerStartIT {
  @Test
  void portInUseFailsStartWithUncheckedIoExceptionNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SseServer server = SseServer.builder()
          .bindAddress("127.0.0.1")
          .port(taken.getLocalPort())
          .get("/", request -> Response.text(200, "ok"))
          .build();

      assertThatThrownBy(server::start)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
      server.stop(Duration.ofSeconds(1)); // After a failed start, stopping is a no-op, not an NPE.
      assertThat(server.stats().connections()).isZero();
    }
  }

  @Test
  void unknownBindHostFailsStartSayingSoInsteadOfNull() {
    SseServer server = SseServer.builder()
        .bindAddress("nonsense.invalid") // RFC 2606: never resolves.
        .port(0)
        .get("/", request -> Response.text(200, "ok"))
        .build();

    assertThatThrownBy(server::start)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot listen on nonsense.invalid:0: unknown host nonsense.invalid");
    server.stop(Duration.ofSeconds(1));
  }
}
