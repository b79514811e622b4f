package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class BackpressureIT {
  private SseServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  @Test
  void closesAStreamWhoseClientStopsReadingAndSparesTheOthers() throws Exception {
    BlockingQueue<SseStream> opened = new ArrayBlockingQueue<>(4);
    server = SseServer.builder().port(0).bindAddress("127.0.0.1").ioThreads(1)
        .streamQueueLimits(256 * 1024, 100_000)
        .sse("/events", (request, stream) -> opened.add(stream)).build();
    int port = server.start();
    try (SseClient stalled = SseClient.openWithoutReading(port, "/events");
        SseClient reader = SseClient.open(port, "/events")) {
      assertThat(stalled.status()).isEqualTo(200);
      SseStream stalledStream = opened.poll(10, TimeUnit.SECONDS);
      SseStream readerStream = opened.poll(10, TimeUnit.SECONDS);
      CountDownLatch stalledClosed = new CountDownLatch(1);
      stalledStream.onClose(stalledClosed::countDown);

      String payload = "x".repeat(1000);
      int sent = 0;
      // Keep publishing to both until the stalled one is cut off; each round waits for the reader,
      // so the reader is never the slow one.
      while (stalledClosed.getCount() > 0) {
        assertThat(sent).as("the stalled stream is closed within 50 MB").isLessThan(50_000);
        try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of(payload))) {
          Fanout.send(event, List.of(stalledStream, readerStream));
        }
        sent++;
        assertThat(reader.nextEvent().data()).isEqualTo(payload);
      }

      assertThat(stalledStream.isOpen()).isFalse();
      assertThat(readerStream.isOpen()).isTrue();
      assertThat(server.stats().slowStreamCloses()).isEqualTo(1);
      readerStream.send(ServerSentEvent.of("still here"));
      assertThat(reader.nextEvent().data()).isEqualTo("still here");
    }
  }
}
