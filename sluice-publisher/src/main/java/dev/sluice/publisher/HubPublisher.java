package dev.sluice.publisher;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Publishes {@link Update}s to a Mercure hub. Immutable and thread-safe: build one per hub and
 * share it.
 *
 * <pre>{@code
 * HubPublisher publisher = HubPublisher.builder(URI.create("http://localhost:8080/.well-known/mercure"))
 *     .token(System.getenv("PUBLISHER_TOKEN"))
 *     .build();
 * String id = publisher.publish(Update.of("https://example.com/books/1", "{\"title\":\"Dune\"}"));
 * publisher.publishAsync(update).thenAccept(storedId -> ...);
 * }</pre>
 *
 * <h3>Retries, and why they are safe</h3>
 * An update without an id gets one here ({@code urn:uuid:} and a time-ordered UUIDv7) <em>before
 * the first attempt</em>, and every attempt sends that same id. Only failures where the hub did not
 * take the update, or may not have, are retried: connect failures, timeouts, {@code 502}, {@code
 * 503} and {@code 504}; never {@code 400}, {@code 401}, {@code 403} or {@code 413}, which would fail
 * again. After a timeout the hub may in fact have stored the update; the retry then carries the
 * same id, so a subscriber sees the duplicate under one id and can drop it. A hub that acknowledges
 * an id it already stores (answering with the stored id instead of storing it twice) makes the
 * retry exactly-once; Sluice's hub does not do that yet, so today a retry after a lost answer can
 * store the update twice, under the same id.
 *
 * <h3>Bounds</h3>
 * Connecting takes at most {@link Builder#connectTimeout} (default 5 s), each attempt at most
 * {@link Builder#requestTimeout} (default 10 s), and the number of attempts is the {@link
 * RetryPolicy}'s (default 4). The hub's answer is read up to 8 KiB.
 */
public final class HubPublisher {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** An id or a reason is short; more than this is not from a hub and is cut. */
  static final int MAX_ANSWER_BYTES = 8 * 1024;
  /** Reason texts longer than this are shortened in exceptions (they end up in logs). */
  private static final int MAX_REASON_CHARS = 500;

  private final URI hub;
  private final Supplier<String> tokens; // Returns null or empty: no Authorization header.
  private final Duration requestTimeout;
  private final RetryPolicy retryPolicy;
  private final Supplier<String> ids; // Null: the hub makes the ids (Builder#hubAssignsIds).
  private final HttpClient http;

  private HubPublisher(Builder b) {
    this.hub = b.hub;
    this.tokens = b.tokens;
    this.requestTimeout = b.requestTimeout;
    this.retryPolicy = b.retryPolicy;
    this.ids = b.ids;
    this.http = HttpClient.newBuilder()
        .connectTimeout(b.connectTimeout)
        // Plain HTTP/1.1 on http: (no h2c upgrade dance for one POST); ALPN decides on https:.
        .version("https".equalsIgnoreCase(hub.getScheme())
            ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** @param hub the hub URL, e.g. {@code https://hub.example.com/.well-known/mercure} */
  public static Builder builder(URI hub) {
    return new Builder(hub);
  }

  /** The hub URL. */
  public URI hub() {
    return hub;
  }

  /**
   * Publishes and waits.
   *
   * @return the id the hub stored the update under
   * @throws PublishException (a subclass for each common case) when the hub refused the update or
   *     could not be reached on any attempt
   */
  public String publish(Update update) {
    CompletableFuture<String> future = publishAsync(update);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new PublishException(0, "interrupted while publishing", 0, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PublishException) {
        PublishException p = (PublishException) cause;
        // Rethrown on the caller's thread: same type and values, the caller's stack trace.
        PublishException here = PublishException.of(p.status().orElse(0), p.reason(), p.attempts(), p.getCause());
        here.addSuppressed(p);
        throw here;
      }
      throw new PublishException(0, describe(cause), 0, cause);
    }
  }

  /**
   * Publishes without blocking.
   *
   * @return completes with the stored id, or exceptionally with a {@link PublishException}
   */
  public CompletableFuture<String> publishAsync(Update update) {
    requireNonNull(update, "update");
    String id = update.id().orElse(ids == null ? null : ids.get()); // Null: the hub picks it.
    String form = FormEncoding.encode(update, id);
    CompletableFuture<String> result = new CompletableFuture<>();
    attempt(form, id, 1, result);
    return result;
  }

  private void attempt(String form, String id, int attempt, CompletableFuture<String> result) {
    if (result.isDone()) {
      return; // Cancelled by the caller.
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(hub)
        .timeout(requestTimeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    String token;
    try {
      token = tokens.get(); // Asked on every attempt, so a refreshed token is used.
    } catch (RuntimeException e) {
      result.completeExceptionally(new PublishException(0, "token supplier failed: " + describe(e), attempt, e));
      return;
    }
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    http.sendAsync(request.build(), info -> new BoundedBody(MAX_ANSWER_BYTES))
        .whenComplete((response, error) -> {
          if (error == null && response.statusCode() / 100 == 2) {
            String stored = response.body().trim();
            result.complete(stored.isEmpty() ? id : stored);
            return;
          }
          int status = error == null ? response.statusCode() : 0;
          boolean retryable = error == null ? isRetryableStatus(status) : isRetryableFailure(error);
          if (retryable && attempt < retryPolicy.maxAttempts()) {
            Duration delay = retryPolicy.delayAfter(attempt,
                error == null ? retryAfter(response) : Duration.ZERO,
                ThreadLocalRandom.current().nextDouble());
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> attempt(form, id, attempt + 1, result));
            return;
          }
          String reason = error == null ? reason(response) : describe(error);
          result.completeExceptionally(PublishException.of(status, reason, attempt, unwrap(error)));
        });
  }

  static boolean isRetryableStatus(int status) {
    return status == 502 || status == 503 || status == 504;
  }

  private static boolean isRetryableFailure(Throwable error) {
    Throwable e = unwrap(error);
    // A refused or timed-out connect sent nothing; a request timeout may have been stored, but the
    // retry carries the same id (see the class comment).
    return e instanceof ConnectException || e instanceof HttpTimeoutException;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** The hub's reason: its body, else its Bearer challenge, else the status alone. */
  private static String reason(HttpResponse<String> response) {
    String body = response.body().strip();
    if (body.isEmpty()) {
      body = response.headers().firstValue("WWW-Authenticate").orElse("");
    }
    body = body.replaceAll("\\p{Cntrl}+", " ");
    return body.length() > MAX_REASON_CHARS ? body.substring(0, MAX_REASON_CHARS) + "…" : body;
  }

  /** {@code Retry-After} in seconds, if the hub sent one (dates are ignored). */
  private static Duration retryAfter(HttpResponse<String> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    if (value.isPresent() && value.get().matches("\\d{1,6}")) {
      return Duration.ofSeconds(Long.parseLong(value.get()));
    }
    return Duration.ZERO;
  }

  /** A one-line account of a transport failure that names what to check. */
  private String describe(Throwable error) {
    Throwable e = unwrap(error);
    String where = hub.getHost() + (hub.getPort() == -1 ? "" : ":" + hub.getPort());
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UnresolvedAddressException) {
        return "unknown host " + hub.getHost();
      }
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection to " + where + " within the connect timeout";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer from " + where + " within " + requestTimeout.toMillis() + " ms";
    }
    if (e instanceof ConnectException) {
      return "cannot connect to " + where + " (connection refused or unreachable)";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e instanceof IOException ? "connection to " + where + " failed (" + e.getClass().getSimpleName() + ")"
          : e.getClass().getSimpleName();
    }
    return message;
  }

  /** Configures a {@link HubPublisher}. Not thread-safe. */
  public static final class Builder {
    private final URI hub;
    private Supplier<String> tokens = () -> null;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Supplier<String> ids = EventIds::uuidV7;

    private Builder(URI hub) {
      requireNonNull(hub, "hub");
      String scheme = hub.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || hub.getHost() == null) {
        throw new IllegalArgumentException("hub must be an absolute http: or https: URL: " + hub);
      }
      this.hub = hub;
    }

    /** A fixed bearer token; see {@link Tokens} to mint one. */
    public Builder token(String token) {
      requireNonNull(token, "token");
      return tokenSupplier(() -> token);
    }

    /**
     * Where to get the bearer token; asked before every attempt, so it may refresh tokens that
     * expire. It must not block long: it runs on the HTTP client's threads for retries.
     */
    public Builder tokenSupplier(Supplier<String> tokens) {
      this.tokens = requireNonNull(tokens, "tokens");
      return this;
    }

    /** The bound on opening a connection. Default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** The bound on one attempt, from sending to the hub's answer. Default {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** Default {@link RetryPolicy#defaults()}; {@link RetryPolicy#none()} never retries. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Makes the id of updates that have none. Default: {@code urn:uuid:} and a UUIDv7. Each call
     * must return a new id that obeys {@link Update.Builder#id}'s rules.
     */
    public Builder idGenerator(Supplier<String> ids) {
      this.ids = requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Sends updates that have no id without one, so the hub makes it (with its own id scheme, such
     * as Sluice's {@code --ids random}, which leaks no timing). Then a retry could store the update
     * twice under two ids: only a {@link RetryPolicy#none()} publisher may do this.
     */
    public Builder hubAssignsIds() {
      this.ids = null;
      return this;
    }

    /** @throws IllegalStateException for {@link #hubAssignsIds()} with a policy that retries */
    public HubPublisher build() {
      if (ids == null && retryPolicy.maxAttempts() > 1) {
        throw new IllegalStateException("hubAssignsIds() needs RetryPolicy.none(): a retried update "
            + "without an id of its own could be stored twice");
      }
      return new HubPublisher(this);
    }

    private static Duration positive(Duration value, String name) {
      requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + value);
      }
      return value;
    }
  }
}
