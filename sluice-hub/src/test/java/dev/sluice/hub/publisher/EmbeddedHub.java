package dev.sluice.hub.publisher;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.Tokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Sluice hub on a free loopback port (in-memory history), as the hub's own ITs start it,
 * and subscribers on it through the real client.
 */
final class EmbeddedHub implements AutoCloseable {
  static final String SECRET = "sluice-publisher-tests-secret-of-32-bytes-or-more";
  static final String ISSUER = "https://publisher-tests.sluice.test";
  /** The hub's resource identifier (it listens on port 0, so its URL is not known ahead). */
  static final String AUDIENCE = "https://hub.sluice.test/.well-known/mercure";
  /** Mercure 1.0 tokens the hub accepts. */
  static final Tokens TOKENS = Tokens.hs256(SECRET).issuer(ISSUER).audience(AUDIENCE);

  final Hub hub;

  private EmbeddedHub(Hub hub) {
    this.hub = hub;
  }

  static EmbeddedHub start() {
    HubConfig config = HubConfig.builder().port(0).bindAddress("127.0.0.1").store(HubConfig.Store.MEMORY)
        .auth(AuthConfig.builder().keys(KeySource.hs256(SECRET)).issuer(ISSUER).audience(AUDIENCE)
            .anonymousSubscribers(true).build())
        .build();
    return new EmbeddedHub(Hub.create(config).start());
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + hub.port() + "/.well-known/mercure");
  }

  HubPublisher.Builder publisher() {
    return HubPublisher.builder(url()).token(TOKENS.publisher("*"));
  }

  /** Subscribes to {@code topic} and returns once the hub has taken the subscription. */
  Subscriber subscribe(String topic, Map<String, String> headers) throws InterruptedException {
    Subscriber subscriber = new Subscriber();
    EventSource.Builder builder = EventSource.builder(URI.create(url() + "?match="
        + URLEncoder.encode(topic, StandardCharsets.UTF_8)))
        .listener(subscriber);
    headers.forEach(builder::header);
    subscriber.source = builder.build().start();
    if (!subscriber.opened.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("subscription did not open: " + subscriber.source.failure());
    }
    return subscriber;
  }

  @Override
  public void close() {
    hub.close();
  }

  /** Records what one subscriber receives. */
  static final class Subscriber implements EventSourceListener, AutoCloseable {
    final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
    final CountDownLatch opened = new CountDownLatch(1);
    EventSource source;

    @Override
    public void onOpen() {
      opened.countDown();
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      events.add(event);
    }

    ServerSentEvent next() throws InterruptedException {
      ServerSentEvent event = events.poll(30, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no event within 30 s");
      }
      return event;
    }

    @Override
    public void close() {
      source.close();
    }
  }

  static Duration generous() {
    return Duration.ofSeconds(30);
  }
}
