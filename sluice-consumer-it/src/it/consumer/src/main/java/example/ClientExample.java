package example;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventStream;
import java.net.URI;

public class ClientExample {
  public static void main(String[] args) {
    // e.g. http://localhost:8080/.well-known/mercure?match=https://example.com/books/1
    EventSource.Builder source = EventSource.builder(URI.create(args[0]));
    String token = System.getenv("SUBSCRIBER_TOKEN"); // only needed for private updates
    if (token != null) {
      source.header("Authorization", "Bearer " + token);
    }
    // Reconnects with Last-Event-ID after a network failure; blocks until Ctrl+C.
    try (EventStream events = source.stream()) {
      for (ServerSentEvent event : events) {
        System.out.println(event.id().orElse("-") + " " + event.type() + " " + event.data());
      }
    }
  }
}
