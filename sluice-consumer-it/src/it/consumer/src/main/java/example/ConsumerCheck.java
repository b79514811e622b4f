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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Uses the Sluice artifacts as an application would, and exits 0 only if all of it worked:
 * publishes with sluice-publisher to an embedded hub and receives with sluice-client, then runs
 * the README's example in its own JVM, reads its ticks and stops it as Ctrl+C would.
 */
public final class ConsumerCheck {
  private static final String SECRET = "consumer-check-secret-of-at-least-32-bytes";
  private static final String TOPIC = "https://example.com/books/1";

  public static void main(String[] args) throws Exception {
    publishAndReceiveThroughAnEmbeddedHub();
    runTheReadmeExample();
    System.out.println("CONSUMER-CHECK OK");
  }

  private static void publishAndReceiveThroughAnEmbeddedHub() throws Exception {
    HubConfig config = HubConfig.builder().bindAddress("127.0.0.1").port(0).store(HubConfig.Store.MEMORY)
        .auth(AuthConfig.builder().keys(KeySource.hs256(SECRET)).anonymousSubscribers(true).build())
        .build();
    try (Hub hub = Hub.create(config).start()) {
      BlockingQueue<ServerSentEvent> received = new LinkedBlockingQueue<>();
      CountDownLatch open = new CountDownLatch(1);
      EventSource subscriber = EventSource.builder(URI.create(hub.url() + "?topic=" + TOPIC))
          .listener(new EventSourceListener() {
            @Override
            public void onOpen() {
              open.countDown();
            }

            @Override
            public void onEvent(ServerSentEvent event) {
              received.add(event);
            }
          })
          .build().start();
      try {
        check(open.await(60, TimeUnit.SECONDS), "the subscriber did not connect to the hub");
        // Today's hub reads the draft-08 token claim (Tokens says why there are two shapes).
        HubPublisher publisher = HubPublisher.builder(hub.url())
            .token(Tokens.hs256(SECRET).legacyPublisher(TOPIC))
            .build();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          ids.add(publisher.publish(Update.of(TOPIC, "{\"edition\":" + i + "}")));
        }
        for (String id : ids) {
          ServerSentEvent event = received.poll(60, TimeUnit.SECONDS);
          check(event != null, "no event for " + id);
          check(event.id().orElse("").equals(id), "expected id " + id + ", got " + event);
          System.out.println("hub delivered " + id + " " + event.data());
        }
      } finally {
        subscriber.close();
      }
    }
  }

  private static void runTheReadmeExample() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ReadmeExample.class.getName(), "0")
        .redirectErrorStream(true)
        .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        lines.add("(output unreadable: " + e + ")");
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      int ticks = 0;
      while (ticks < 3) {
        String line = lines.poll(60, TimeUnit.SECONDS);
        check(line != null, "the README example printed " + ticks + " ticks, then nothing for 60 s");
        System.out.println("readme example: " + line);
        if (line.startsWith("tick ")) {
          ticks++;
        }
      }
      check(process.isAlive(), "the README example exited by itself");
      process.destroy(); // SIGTERM: runs the shutdown hook, as Ctrl+C (SIGINT) does
      check(process.waitFor(60, TimeUnit.SECONDS), "the README example did not stop within 60 s");
      System.out.println("readme example stopped, exit " + process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }

  private static void check(boolean condition, String failure) {
    if (!condition) {
      System.out.println("CONSUMER-CHECK FAILED: " + failure);
      System.exit(1);
    }
  }

  private ConsumerCheck() {}
}
