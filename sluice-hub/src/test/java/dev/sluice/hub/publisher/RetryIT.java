package dev.sluice.hub.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.ServerSentEvent;
import dev.sluice.publisher.BadUpdateException;
import dev.sluice.publisher.ForbiddenException;
import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.HubUnavailableException;
import dev.sluice.publisher.PublishException;
import dev.sluice.publisher.RetryPolicy;
import dev.sluice.publisher.UnauthorizedException;
import dev.sluice.publisher.Update;
import dev.sluice.publisher.UpdateTooLargeException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retries through a real loopback HTTP server that answers from a script (503, 400, silence …)
 * and, once the script is used up, forwards to a real hub.
 */
class RetryIT {
  /** Fast retries: the waits are real, so keep them short; correctness does not depend on them. */
  private static final RetryPolicy QUICK = RetryPolicy.defaults()
      .initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(50)).maxAttempts(3);

  private EmbeddedHub hub;
  private HttpServer front;
  private ExecutorService frontThreads;
  private final BlockingQueue<Answer> script = new LinkedBlockingQueue<>();
  private final List<Recorded> received = new ArrayList<>(); // Guarded by itself.
  private final CountDownLatch releaseSilent = new CountDownLatch(1);
  private final HttpClient forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One scripted answer: a status with a body and headers, or {@code silent} (never answers). */
  private record Answer(int status, String body, Map<String, String> headers, boolean silent) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of(), false);
    }
  }

  private record Recorded(String body, String authorization) {
    String field(String name) {
      for (String pair : body.split("&")) {
        String[] kv = pair.split("=", 2);
        if (URLDecoder.decode(kv[0], UTF_8).equals(name)) {
          return URLDecoder.decode(kv[1], UTF_8);
        }
      }
      return null;
    }
  }

  @BeforeEach
  void start() throws IOException {
    hub = EmbeddedHub.start();
    front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    frontThreads = Executors.newCachedThreadPool();
    front.setExecutor(frontThreads);
    front.createContext("/.well-known/mercure", this::handle);
    front.start();
  }

  @AfterEach
  void stop() {
    releaseSilent.countDown();
    front.stop(0);
    frontThreads.shutdownNow();
    hub.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    synchronized (received) {
      received.add(new Recorded(body, authorization));
    }
    Answer answer = script.poll();
    if (answer == null) {
      answer = forward(body, authorization);
    }
    if (answer.silent()) {
      try {
        releaseSilent.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    byte[] bytes = answer.body().getBytes(UTF_8);
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Answer forward(String body, String authorization) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(hub.url())
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response = forwarder.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return Answer.of(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private URI frontUrl() {
    return URI.create("http://127.0.0.1:" + front.getAddress().getPort() + "/.well-known/mercure");
  }

  private HubPublisher.Builder publisher() {
    return HubPublisher.builder(frontUrl()).token(EmbeddedHub.TOKENS.publisher("*")).retryPolicy(QUICK);
  }

  private List<Recorded> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Test
  void aRetryAfter503SendsTheSameIdAndTheHubStoresIt() throws Exception {
    script.add(new Answer(503, "store busy", Map.of("Retry-After", "0"), false));
    try (EmbeddedHub.Subscriber subscriber = hub.subscribe("https://example.com/retry", Map.of())) {
      String stored = publisher().build().publish(Update.of("https://example.com/retry", "once"));

      List<Recorded> attempts = received();
      assertThat(attempts).hasSize(2);
      String firstId = attempts.get(0).field("id");
      assertThat(firstId).startsWith("urn:uuid:");
      assertThat(attempts.get(1).field("id")).isEqualTo(firstId);
      assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
      assertThat(stored).isEqualTo(firstId);
      ServerSentEvent event = subscriber.next();
      assertThat(event.id()).contains(firstId);
      assertThat(event.data()).isEqualTo("once");
    }
  }

  @Test
  void retriesOn502And504Too() {
    script.add(Answer.of(502, "bad gateway"));
    script.add(Answer.of(504, "gateway timeout"));
    String stored = publisher().build().publish(Update.of("https://example.com/retry", "x"));
    assertThat(received()).hasSize(3).extracting(r -> r.field("id")).containsOnly(stored);
  }

  @Test
  void givesUpAfterTheLastAttemptWithTheHubsStatusAndReason() {
    for (int i = 0; i < 3; i++) {
      script.add(Answer.of(503, "too many appends waiting"));
    }
    assertThatThrownBy(() -> publisher().build().publish(Update.of("https://example.com/retry", "x")))
        .isInstanceOfSatisfying(HubUnavailableException.class, e -> {
          assertThat(e.status()).contains(503);
          assertThat(e.reason()).isEqualTo("too many appends waiting");
          assertThat(e.attempts()).isEqualTo(3);
          assertThat(e.getMessage()).isEqualTo("hub answered 503: too many appends waiting (after 3 attempts)");
        });
    assertThat(received()).extracting(r -> r.field("id")).hasSize(3).containsOnly(received().get(0).field("id"));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 413})
  void neverRetriesARefusal(int status) {
    script.add(Answer.of(status, "refused " + status));
    assertThatThrownBy(() -> publisher().build().publish(Update.of("https://example.com/retry", "x")))
        .isInstanceOfSatisfying(PublishException.class, e -> {
          assertThat(e.status()).contains(status);
          assertThat(e.reason()).isEqualTo("refused " + status);
          assertThat(e.attempts()).isEqualTo(1);
          assertThat(e).isInstanceOf(switch (status) {
            case 400 -> BadUpdateException.class;
            case 401 -> UnauthorizedException.class;
            case 403 -> ForbiddenException.class;
            default -> UpdateTooLargeException.class;
          });
        });
    assertThat(received()).hasSize(1);
  }

  @Test
  void anEmptyBodyFallsBackToTheBearerChallenge() {
    script.add(new Answer(401, "", Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), false));
    assertThatThrownBy(() -> publisher().build().publish(Update.of("https://example.com/retry", "x")))
        .isInstanceOfSatisfying(UnauthorizedException.class,
            e -> assertThat(e.reason()).isEqualTo("Bearer error=\"invalid_token\""));
  }

  @Test
  void aHubThatDoesNotAnswerInTimeIsRetriedWithTheSameId() {
    script.add(new Answer(0, "", Map.of(), true));
    String stored = publisher().requestTimeout(Duration.ofMillis(500)).build()
        .publish(Update.of("https://example.com/retry", "x"));
    assertThat(received()).hasSize(2).extracting(r -> r.field("id")).containsOnly(stored);
  }

  @Test
  void theTokenIsAskedForOnEveryAttempt() {
    script.add(Answer.of(503, "busy"));
    AtomicInteger asked = new AtomicInteger();
    String token = EmbeddedHub.TOKENS.publisher("*");
    publisher().tokenSupplier(() -> {
      asked.incrementAndGet();
      return token;
    }).build().publish(Update.of("https://example.com/retry", "x"));
    assertThat(asked).hasValue(2);
    assertThat(received()).extracting(Recorded::authorization).containsOnly("Bearer " + token);
  }

  @Test
  void aRefusedConnectionIsRetriedThenReportedWithoutAStatus() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    HubPublisher publisher = HubPublisher.builder(URI.create("http://127.0.0.1:" + closedPort + "/.well-known/mercure"))
        .retryPolicy(QUICK).build();
    assertThatThrownBy(() -> publisher.publish(Update.of("https://example.com/retry", "x")))
        .isInstanceOfSatisfying(HubUnavailableException.class, e -> {
          assertThat(e.status()).isEmpty();
          assertThat(e.attempts()).isEqualTo(3);
          assertThat(e.reason()).isEqualTo("cannot connect to 127.0.0.1:" + closedPort
              + " (connection refused or unreachable)");
        });
  }
}
