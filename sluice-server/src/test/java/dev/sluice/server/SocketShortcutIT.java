package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Events written straight to an idle socket (the server's shortcut past the pipeline) and events
 * that the socket cannot take, which then queue in the channel, must reach the client as one
 * byte-exact, ordered stream; and once the client catches up, writing straight to the socket
 * resumes without overtaking anything still queued.
 */
@ExtendWith(LeakCheck.class)
class SocketShortcutIT {
  private SseServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  @Test
  void aClientThatPausesGetsEveryEventInOrderAfterTheSocketFills() throws Exception {
    BlockingQueue<SseStream> opened = new ArrayBlockingQueue<>(1);
    server = SseServer.builder().port(0).bindAddress("127.0.0.1").ioThreads(1).directSocketWrites(true)
        .streamQueueLimits(64 * 1024 * 1024, 100_000)
        .sse("/events", (request, stream) -> opened.add(stream)).build();
    int port = server.start();
    // More than the kernel's largest send buffer plus the client's small receive buffer, so the
    // socket refuses part of the stream and the rest must queue in the channel.
    long total = 2 * largestSendBuffer() + 1024 * 1024;
    String padding = "x".repeat(8 * 1024);
    int events = (int) (total / padding.length()) + 1;
    try (SseClient client = SseClient.openWithoutReading(port, "/events")) {
      SseStream stream = opened.poll(10, TimeUnit.SECONDS);
      assertThat(stream).isNotNull();
      for (int i = 0; i < events; i++) {
        assertThat(stream.send(ServerSentEvent.of(i + " " + padding))).isTrue();
      }
      client.startReading();
      // Sent while the backlog drains: the socket has room again, but these must wait their turn.
      for (int i = 0; i < 1000; i++) assertThat(stream.send(ServerSentEvent.of("during " + i))).isTrue();
      for (int i = 0; i < events; i++) {
        assertThat(client.nextEvent().data()).isEqualTo(i + " " + padding);
      }
      for (int i = 0; i < 1000; i++) assertThat(client.nextEvent().data()).isEqualTo("during " + i);
      // Caught up: small events now go straight to the socket again, still in order.
      for (int i = 0; i < 100; i++) assertThat(stream.send(ServerSentEvent.of("after " + i))).isTrue();
      for (int i = 0; i < 100; i++) assertThat(client.nextEvent().data()).isEqualTo("after " + i);
      assertThat(stream.isOpen()).isTrue();
      assertThat(server.stats().slowStreamCloses()).isZero();
      assertThat(server.stats().deliveries()).isEqualTo(events + 1100L);
    }
  }

  /** tcp_wmem's maximum, or a generous guess where the file is missing. */
  private static long largestSendBuffer() throws IOException {
    Path wmem = Path.of("/proc/sys/net/ipv4/tcp_wmem");
    if (!Files.isReadable(wmem)) return 8 * 1024 * 1024;
    String[] fields = Files.readString(wmem).trim().split("\\s+");
    return Long.parseLong(fields[fields.length - 1]);
  }
}
