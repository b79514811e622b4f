package example;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.server.SseServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

public class ReadmeExample {
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080; // 0 picks a free port
    SseServer server = SseServer.builder()
        .bindAddress("127.0.0.1")
        .port(port)
        .sse("/ticks", (request, stream) -> stream.scheduler().scheduleAtFixedRate(
            () -> stream.send(ServerSentEvent.of("tick", Instant.now().toString())),
            Duration.ZERO, Duration.ofSeconds(1)))
        .build();
    int bound = server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close)); // Ctrl+C stops it

    EventSource.builder(URI.create("http://127.0.0.1:" + bound + "/ticks"))
        .on("tick", event -> System.out.println("tick " + event.data()))
        .build().start();

    server.awaitShutdown(); // the server's threads are daemons: wait here until it stops
  }
}
