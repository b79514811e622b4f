package dev.sluice.hub.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.internal.dispatch.SubscriberAccess;
import dev.sluice.hub.internal.store.MemoryUpdateLog;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class PublishEndpointTest {
  private final MemoryUpdateLog log = new MemoryUpdateLog(Retention.DEFAULT, Clock.systemUTC());
  private final AccessPolicy onlyBooks = new AccessPolicy() {
    public SubscriberAccess subscriber(HttpCall call) { return SubscriberAccess.ANONYMOUS; }
    public void authorizeSubscriptionsApi(HttpCall call, String path) {}
    public void authorizePublish(HttpCall call, java.util.List<String> topics) {
      if (call.header("Authorization").isEmpty()) {
        throw new HubHttpException(401, "missing token");
      }
      for (String topic : topics) {
        if (!topic.startsWith("https://ex/books/") && !topic.startsWith("/.well-known")) {
          throw new HubHttpException(403, "not allowed: " + topic);
        }
      }
    }
  };
  private final PublishEndpoint endpoint = new PublishEndpoint(log, onlyBooks, () -> "urn:uuid:gen",
      Duration.ofSeconds(5), new LongAdder());

  private static FakeHttpCall publish() {
    return FakeHttpCall.post("/.well-known/mercure").header("Authorization", "Bearer x");
  }

  private static String body(HubResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private Update stored() throws Exception {
    return log.last().toCompletableFuture().get().map(StoredUpdate::update).orElseThrow();
  }

  @Test
  void answersWithGeneratedIdAndStoresEveryField() throws Exception {
    HubResponse response = endpoint.handle(publish().form("topic", "https://ex/books/1")
        .form("topic", "https://ex/books/alt").form("data", "hello").form("private", "")
        .form("type", "created").form("retry", "1500"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(body(response)).isEqualTo("urn:uuid:gen");
    assertThat(stored()).isEqualTo(Update.builder().id("urn:uuid:gen").topic("https://ex/books/1")
        .topic("https://ex/books/alt").data("hello").privateUpdate(true).type("created")
        .retry(Duration.ofMillis(1500)).build());
  }

  @Test
  void honoursPublisherSuppliedId() throws Exception {
    HubResponse response = endpoint.handle(publish().form("topic", "https://ex/books/1").form("id", "my-id"));
    assertThat(body(response)).isEqualTo("my-id");
    assertThat(stored().id()).isEqualTo("my-id");
  }

  @Test
  void refusesMissingTokenWith401() {
    HubResponse response = endpoint.handle(FakeHttpCall.post("/.well-known/mercure").form("topic", "https://ex/books/1"));
    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void refusesTopicOutsideGrantWith403() {
    HubResponse response = endpoint.handle(publish().form("topic", "https://ex/books/1").form("topic", "https://ex/films/1"));
    assertThat(response.status()).isEqualTo(403);
    assertThat(log.size()).isZero();
  }

  @Test
  void refusesReservedNamespaceWith403() {
    HubResponse response = endpoint.handle(publish().form("topic", "/.well-known/mercure/subscriptions/x"));
    assertThat(response.status()).isEqualTo(403);
  }

  @Test
  void refusesMalformedFormsWith400() {
    assertThat(endpoint.handle(publish()).status()).isEqualTo(400);
    assertThat(endpoint.handle(publish().form("topic", "https://ex/books/1").form("id", "#frag")).status()).isEqualTo(400);
    assertThat(endpoint.handle(publish().form("topic", "https://ex/books/1").form("id", "earliest")).status()).isEqualTo(400);
    assertThat(endpoint.handle(publish().form("topic", "https://ex/books/1").form("type", "a\nb")).status()).isEqualTo(400);
    assertThat(endpoint.handle(publish().form("topic", "https://ex/books/1").form("retry", "-5")).status()).isEqualTo(400);
    assertThat(endpoint.handle(publish().form("topic", "https://ex/books/\u0001")).status()).isEqualTo(400);
    assertThat(log.size()).isZero();
  }

  @Test
  void refusesOtherContentTypesWith415() {
    HubResponse response = endpoint.handle(publish().header("Content-Type", "application/json")
        .form("topic", "https://ex/books/1"));
    assertThat(response.status()).isEqualTo(415);
  }

  @Test
  void answers503WhenTheStoreCannotStore() {
    log.close();
    HubResponse response = endpoint.handle(publish().form("topic", "https://ex/books/1"));
    assertThat(response.status()).isEqualTo(503);
    assertThat(body(response)).startsWith("update not stored");
  }
}
