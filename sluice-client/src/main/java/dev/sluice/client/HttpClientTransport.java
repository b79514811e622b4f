package dev.sluice.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A {@link Transport} on {@code java.net.http}. Plain {@code http} URLs are requested as HTTP/1.1,
 * as browsers do for event streams (the client would otherwise try an {@code h2c} upgrade);
 * {@code https} URLs negotiate HTTP/2 or HTTP/1.1 as the client is configured.
 *
 * <p>{@code java.net.http} refuses a few header names ({@code Connection}, {@code Content-Length},
 * {@code Host}, {@code Upgrade}, {@code Expect}) and any value with a control character or a
 * character above U+00FF; such a request fails with {@link SseClientException} and is not retried.
 */
public final class HttpClientTransport implements Transport {
  /** Default connect timeout of the default client: 10 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final class DefaultClient {
    // Shared, so that every source uses one selector thread and one connection pool.
    static final HttpClient INSTANCE = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
        .build();
  }

  private final HttpClient client;

  private HttpClientTransport(HttpClient client) {
    this.client = client;
  }

  /** A transport on a shared client that follows redirects, with {@link #DEFAULT_CONNECT_TIMEOUT}. */
  public static HttpClientTransport create() {
    return new HttpClientTransport(DefaultClient.INSTANCE);
  }

  /** A transport on the given client, for its proxy, TLS, authenticator or executor settings. */
  public static HttpClientTransport of(HttpClient client) {
    return new HttpClientTransport(Objects.requireNonNull(client, "client"));
  }

  @Override
  public Exchange start(Request request) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri());
    if ("http".equalsIgnoreCase(request.uri().getScheme())) builder.version(HttpClient.Version.HTTP_1_1);
    HttpRequest.BodyPublisher body = request.body()
        .map(HttpRequest.BodyPublishers::ofByteArray)
        .orElse(HttpRequest.BodyPublishers.noBody());
    try {
      builder.method(request.method(), body);
      for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
        for (String value : header.getValue()) builder.header(header.getKey(), value);
      }
      return new HttpExchange(client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IllegalArgumentException e) {
      return new FailedExchange(e);
    }
  }

  private static final class HttpExchange implements Exchange {
    private final CompletableFuture<HttpResponse<InputStream>> future;
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();

    HttpExchange(CompletableFuture<HttpResponse<InputStream>> future) {
      this.future = future;
      // Whenever the exchange is cancelled, a response that arrives anyway is closed at once.
      cancelled.thenRun(() -> future.thenAccept(response -> closeQuietly(response.body())));
    }

    @Override
    public Response response() throws IOException {
      try {
        CompletableFuture.anyOf(future, cancelled).get();
        if (cancelled.isDone()) throw new IOException("cancelled");
        return new HttpResponseView(future.join());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new IOException("interrupted", e);
      } catch (ExecutionException | CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException) throw (IOException) cause;
        throw new IOException(cause == null ? e.toString() : cause.toString(), cause);
      }
    }

    @Override
    public void cancel() {
      if (cancelled.complete(null)) future.cancel(true);
    }
  }

  private record HttpResponseView(HttpResponse<InputStream> response) implements Response {
    @Override
    public int status() {
      return response.statusCode();
    }

    @Override
    public Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }

    @Override
    public InputStream body() {
      return response.body();
    }
  }

  /** A request {@code java.net.http} refused to build, such as one with a forbidden header. */
  private record FailedExchange(IllegalArgumentException error) implements Exchange {
    @Override
    public Response response() {
      throw new SseClientException("invalid request: " + error.getMessage(), error);
    }

    @Override
    public void cancel() {}
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // Releasing a connection nobody reads any more; there is no one to tell.
    }
  }
}
