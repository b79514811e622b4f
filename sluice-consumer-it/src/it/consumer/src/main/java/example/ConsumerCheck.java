package example;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.Tokens;
import dev.sluice.publisher.Update;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Uses the Sluice artifacts as an application would, and exits 0 only if all of it worked: an
 * embedded hub with the publisher and the client in this JVM; then the README's example and each
 * example of docs/java.md in their own JVMs, talking to each other over loopback.
 */
public final class ConsumerCheck {
  private static final String TOPIC = "https://example.com/books/1";

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("sluice-consumer");
    try {
      publishAndReceiveThroughAnEmbeddedHub();
      runTheReadmeExample(work);
      runTheHubPublisherTokenAndClientExamples(work);
      runTheServerExample(work);
    } catch (CheckFailed e) {
      // Thrown, not System.exit() at the failure: the try-with-resources on the way out stop
      // every child JVM, which would otherwise outlive the build.
      System.out.println("CONSUMER-CHECK FAILED: " + e.getMessage());
      System.exit(1);
    }
    System.out.println("CONSUMER-CHECK OK");
  }

  private static void publishAndReceiveThroughAnEmbeddedHub() throws Exception {
    String secret = newSecret();
    HubConfig config = HubConfig.builder().bindAddress("127.0.0.1").port(0).store(HubConfig.Store.MEMORY)
        .auth(AuthConfig.builder().keys(KeySource.hs256(secret)).issuer("https://app.example.com")
            .audience("https://hub.example.com/.well-known/mercure").anonymousSubscribers(true).build())
        .build();
    try (Hub hub = Hub.create(config).start()) {
      Listener listener = new Listener();
      EventSource subscriber = EventSource.builder(URI.create(hub.url() + "?match=" + TOPIC))
          .listener(listener).build().start();
      try {
        check(listener.open.await(60, TimeUnit.SECONDS), "the subscriber did not connect to the hub");
        HubPublisher publisher = HubPublisher.builder(hub.url())
            .token(Tokens.hs256(secret).issuer("https://app.example.com")
                .audience("https://hub.example.com/.well-known/mercure").publisher(TOPIC))
            .build();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          ids.add(publisher.publish(Update.of(TOPIC, "{\"edition\":" + i + "}")));
        }
        for (String id : ids) {
          ServerSentEvent event = listener.events.poll(60, TimeUnit.SECONDS);
          check(event != null, "no event for " + id);
          check(event.id().orElse("").equals(id), "expected id " + id + ", got " + event);
          System.out.println("hub delivered " + id + " " + event.data());
        }
      } finally {
        subscriber.close();
      }
    }
  }

  private static void runTheReadmeExample(Path work) throws Exception {
    try (Child readme = Child.start(ReadmeExample.class, Map.of(), work, "0")) {
      for (int i = 0; i < 3; i++) {
        readme.lineStartingWith("tick ");
      }
      check(readme.isAlive(), "the README example exited by itself");
      System.out.println("readme example stopped, exit " + readme.interrupt());
    }
  }

  /** docs/java.md: embedded hub, tokens, publisher and client, each in its own JVM. */
  private static void runTheHubPublisherTokenAndClientExamples(Path work) throws Exception {
    String secret = newSecret();
    try (Child hub = Child.start(EmbeddedHubExample.class, Map.of("SLUICE_JWT_KEY", secret), work, "0")) {
      String hubUrl = hub.lineStartingWith("hub at ").substring("hub at ".length());

      String token;
      try (Child tokens = Child.start(TokensExample.class, Map.of("SLUICE_JWT_KEY", secret), work)) {
        token = tokens.lineStartingWith("publisher ey").substring("publisher ".length());
        tokens.lineStartingWith("user-42 ey");
        tokens.lineStartingWith("legacy-publisher ey");
        check(tokens.exitCode() == 0, "TokensExample failed");
      }

      String id;
      try (Child publish = Child.start(PublishExample.class,
          Map.of("HUB_URL", hubUrl, "PUBLISHER_TOKEN", token), work)) {
        id = publish.lineStartingWith("published ").substring("published ".length());
        check(publish.exitCode() == 0, "PublishExample failed");
      }

      // The update is in the hub's history: a subscriber from "earliest" replays it.
      try (Child client = Child.start(ClientExample.class, Map.of(), work,
          hubUrl + "?match=" + TOPIC + "&last_event_id=earliest")) {
        String line = client.lineStartingWith(id);
        check(line.equals(id + " book {\"title\":\"Dune\"}"), "ClientExample printed " + line);
        System.out.println("docs examples: hub, tokens, publisher and client agree on " + id);
        client.interrupt();
      }
      System.out.println("embedded hub example stopped, exit " + hub.interrupt());
    }
  }

  /** docs/java.md: the chat room server, with a real client and a real POST. */
  private static void runTheServerExample(Path work) throws Exception {
    try (Child server = Child.start(ServerExample.class, Map.of(), work, "0")) {
      URI room = URI.create(server.lineStartingWith("listening on ").substring("listening on ".length()));
      Listener listener = new Listener();
      EventSource member = EventSource.builder(room).listener(listener).build().start();
      try {
        check(listener.open.await(60, TimeUnit.SECONDS), "could not join the room");
        HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(room)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("text=hello+room")).build(),
            HttpResponse.BodyHandlers.ofString());
        check(sent.statusCode() == 200 && sent.body().equals("sent to 1\n"), "POST answered " + sent.body());
        ServerSentEvent event = listener.events.poll(60, TimeUnit.SECONDS);
        check(event != null && event.type().equals("message") && event.data().equals("hello room"),
            "the room member got " + event);
        System.out.println("server example delivered: " + event.data());
      } finally {
        member.close();
      }
      System.out.println("server example stopped, exit " + server.interrupt());
    }
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static void check(boolean condition, String failure) {
    if (!condition) {
      throw new CheckFailed(failure);
    }
  }

  private static final class CheckFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckFailed(String message) {
      super(message);
    }
  }

  /** Records a source's events and says when it is open. */
  private static final class Listener implements EventSourceListener {
    final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public void onOpen() {
      open.countDown();
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      events.add(event);
    }
  }

  private ConsumerCheck() {}
}
