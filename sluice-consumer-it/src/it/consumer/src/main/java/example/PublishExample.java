package example;

import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.PublishException;
import dev.sluice.publisher.Update;
import java.net.URI;

public class PublishExample {
  public static void main(String[] args) {
    HubPublisher publisher = HubPublisher.builder(URI.create(System.getenv("HUB_URL")))
        .token(System.getenv("PUBLISHER_TOKEN"))
        .build(); // thread-safe: build one per hub and share it

    try {
      String id = publisher.publish(Update.builder()
          .topic("https://example.com/books/1")          // canonical topic
          .topic("https://example.com/users/42/books/1") // alternate topic (optional)
          .data("{\"title\":\"Dune\"}")
          .type("book")                                   // SSE event type (optional)
          .build());
      System.out.println("published " + id);
    } catch (PublishException e) {
      // e.g. "hub answered 403: …": e.status() and e.reason() say what the hub said
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
