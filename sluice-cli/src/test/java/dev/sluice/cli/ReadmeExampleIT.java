package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.server.SseServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's example, as written there (port 0 instead of 8080), so the README stays true. */
class ReadmeExampleIT {
  @Test
  void readmeServerAndClientExampleWorks() throws Exception {
    BlockingQueue<String> printed = new LinkedBlockingQueue<>();
    SseServer server = SseServer.builder().port(0).bindAddress("127.0.0.1")
        .sse("/ticks", (request, stream) -> stream.scheduler().scheduleAtFixedRate(
            () -> stream.send(ServerSentEvent.of("tick", Instant.now().toString())),
            Duration.ZERO, Duration.ofMillis(50)))
        .build();
    int port = server.start();
    EventSource source = EventSource.builder(URI.create("http://127.0.0.1:" + port + "/ticks"))
        .on("tick", event -> printed.add(event.data()))
        .build().start();
    try {
      String first = printed.poll(10, TimeUnit.SECONDS);
      String second = printed.poll(10, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(Instant.parse(first)).isBeforeOrEqualTo(Instant.parse(second));
    } finally {
      source.close();
      server.close();
    }
  }
}
