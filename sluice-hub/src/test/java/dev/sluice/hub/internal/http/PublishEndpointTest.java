package dev.sluice.hub.internal.http;

import dev.sluice.hub.internal.auth.AccessPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.internal.auth.SubscriberAccess;
import dev.sluice.hub.internal.store.MemoryUpdateLog;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class PublishEndpointTest {
  private final MemoryUpdateLog log = new MemoryUpdateLog(Retention.DEFAULT, Clock.systemUTC());
  private final AccessPolicy onlyBooks = new AccessPolicy() {
    public SubscriberAccess subscriber(Request call) { return SubscriberAccess.ANONYMOUS; }
    public void authorizeSubscriptionsApi(Request call, String path) {}
    public void authorizePublish(Request call, java.util.List<String> topics) {
      if (call.header("Authorization").isEmpty()) {
        throw new HttpStatusException(401, "missing token");
      }
      for (String topic : topics) {
        if (!topic.startsWith("https://ex/books/") && !topic.startsWith("/.well-known")) {
          throw new HttpStatusException(403, "not allowed: " + topic);
        }
      }
    }
  };
  private final PublishEndpoint endpoint = new PublishEndpoint(log, onlyBooks, () -> "urn:uuid:gen",
      Duration.ofSeconds(5), new LongAdder());

  private static FakeRequest publish() {
    return FakeRequest.post("/.well-known/mercure").header("Authorization", "Bearer x");
  }

  private static String body(Response response) {
    return StandardCharsets.UTF_8.decode(response.body()).toString();
  }

  private Update stored() throws Exception {
    return log.last().toCompletableFuture().get().map(StoredUpdate::update).orElseThrow();
  }

  @Test
  void answersWithGeneratedIdAndStoresEveryField() throws Exception {
    Response response = endpoint.handle(publish().form("topic", "https://ex/books/1")
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
    Response response = endpoint.handle(publish().form("topic", "https://ex/books/1").form("id", "my-id"));
    assertThat(body(response)).isEqualTo("my-id");
    assertThat(stored().id()).isEqualTo("my-id");
  }

  @Test
  void refusesMissingTokenWith401() {
    Response response = endpoint.handle(FakeRequest.post("/.well-known/mercure").form("topic", "https://ex/books/1"));
    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void refusesTopicOutsideGrantWith403() {
    Response response = endpoint.handle(publish().form("topic", "https://ex/books/1").form("topic", "https://ex/films/1"));
    assertThat(response.status()).isEqualTo(403);
    assertThat(log.size()).isZero();
  }

  @Test
  void refusesReservedNamespaceWith400BeforeAnyTokenCheck() {
    Response response = endpoint.handle(publish().form("topic", "/.well-known/mercure/subscriptions/x"));
    assertThat(response.status()).isEqualTo(400);
    Response anonymous = endpoint.handle(FakeRequest.post("/.well-known/mercure")
        .form("topic", "https://ex/books/1").form("topic", "mercure/subscriptions/x"));
    assertThat(anonymous.status()).isEqualTo(400);
    assertThat(body(anonymous)).isEqualTo("topic resolves into the hub's reserved namespace \"/.well-known/mercure\"");
  }

  @Test
  void refusesTheWildcardTheMercureTypeAndFormatCharacters() {
    assertThat(endpoint.handle(publish().form("topic", "*")).status()).isEqualTo(400);
    assertThat(endpoint.handle(publish().form("topic", "https://ex/books/1").form("type", "mercure")).status()).isEqualTo(400);
    assertThat(endpoint.handle(publish().form("topic", "https://ex/books/1").form("type", "a\u0085b")).status()).isEqualTo(400);
    assertThat(endpoint.handle(publish().form("topic", "https://ex/books/\u200b1")).status()).isEqualTo(400);
    assertThat(endpoint.handle(publish().form("topic", "https://ex/books/1").form("id", "a\u202eb")).status()).isEqualTo(400);
    assertThat(log.size()).isZero();
  }

  @Test
  void refusesMoreTopicsThanTheLimitWith413() {
    PublishEndpoint small = new PublishEndpoint(log, onlyBooks, () -> "urn:uuid:gen",
        Duration.ofSeconds(5), new LongAdder(), 2);
    Response response = small.handle(publish().form("topic", "https://ex/books/1")
        .form("topic", "https://ex/books/2").form("topic", "https://ex/books/3"));
    assertThat(response.status()).isEqualTo(413);
    assertThat(body(response)).isEqualTo("too many topic fields (max 2)");
    assertThat(log.size()).isZero();
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
    Response response = endpoint.handle(publish().header("Content-Type", "application/json")
        .form("topic", "https://ex/books/1"));
    assertThat(response.status()).isEqualTo(415);
  }

  @Test
  void answers503WhenTheStoreCannotStore() {
    log.close();
    Response response = endpoint.handle(publish().form("topic", "https://ex/books/1"));
    assertThat(response.status()).isEqualTo(503);
    assertThat(body(response)).startsWith("update not stored");
  }

  /** The memory log, but each append is stored only when {@link #release} is called. */
  private static final class HeldLog implements dev.sluice.hub.spi.UpdateLog {
    final MemoryUpdateLog inner = new MemoryUpdateLog(Retention.DEFAULT, Clock.systemUTC());
    final java.util.concurrent.CompletableFuture<Void> gate = new java.util.concurrent.CompletableFuture<>();

    void release() {
      gate.complete(null);
    }

    public void start() { inner.start(); }
    public java.util.concurrent.CompletionStage<StoredUpdate> append(Update update) {
      return gate.thenCompose(ignored -> inner.append(update));
    }
    public AutoCloseable subscribe(dev.sluice.hub.spi.UpdateListener listener) { return inner.subscribe(listener); }
    public java.util.concurrent.CompletionStage<dev.sluice.hub.spi.HistoryLookup> historyAfter(String id, int limit) {
      return inner.historyAfter(id, limit);
    }
    public java.util.concurrent.CompletionStage<dev.sluice.hub.spi.History> historyFrom(long after, int limit) {
      return inner.historyFrom(after, limit);
    }
    public java.util.concurrent.CompletionStage<java.util.List<StoredUpdate>> historyBefore(long position, int limit) {
      return inner.historyBefore(position, limit);
    }
    public java.util.concurrent.CompletionStage<java.util.Optional<StoredUpdate>> last() { return inner.last(); }
    public long size() { return inner.size(); }
    public dev.sluice.hub.spi.Health health() { return inner.health(); }
    public void close() { inner.close(); }
  }

  @Test
  void asyncPublishReturnsAtOnceAndAnswersWhenTheLogHasStored() throws Exception {
    HeldLog held = new HeldLog();
    LongAdder published = new LongAdder();
    PublishEndpoint async = new PublishEndpoint(held, onlyBooks, () -> "urn:uuid:held", Duration.ofSeconds(5), published);

    java.util.concurrent.CompletableFuture<Response> answer =
        async.handleAsync(publish().form("topic", "https://ex/books/1")).toCompletableFuture();
    assertThat(answer).as("nothing waits for the store").isNotDone();
    assertThat(published.sum()).isZero();

    held.release();
    Response response = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(200);
    assertThat(body(response)).isEqualTo("urn:uuid:held");
    assertThat(held.size()).isEqualTo(1);
    assertThat(published.sum()).isEqualTo(1);
  }

  @Test
  void asyncPublishAnswers503WhenTheLogDoesNotAnswerInTime() throws Exception {
    HeldLog held = new HeldLog(); // Never released.
    PublishEndpoint async = new PublishEndpoint(held, onlyBooks, () -> "urn:uuid:held", Duration.ofMillis(50),
        new LongAdder());

    Response response = async.handleAsync(publish().form("topic", "https://ex/books/1"))
        .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(503);
    assertThat(body(response)).isEqualTo("update not stored: storage did not answer in time");
    assertThat(response.headers()).contains(java.util.Map.entry("Retry-After", "1"));
  }

  @Test
  void asyncPublishRefusalsAreAnsweredWithoutTouchingTheLog() throws Exception {
    HeldLog held = new HeldLog(); // Never released: a refusal must not wait for it.
    PublishEndpoint async = new PublishEndpoint(held, onlyBooks, () -> "urn:uuid:held", Duration.ofSeconds(5),
        new LongAdder());
    Response response = async.handleAsync(publish().form("topic", "https://ex/films/1"))
        .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(403);
    assertThat(held.size()).isZero();
  }
}
