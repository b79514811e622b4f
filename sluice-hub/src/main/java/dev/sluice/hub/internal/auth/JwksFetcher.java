package dev.sluice.hub.internal.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs a JWK Set with a total deadline and a byte limit; follows no redirects. Thread-safe.
 */
final class JwksFetcher {
  private final URI uri;
  private final Duration timeout;
  private final int maxBytes;
  private final HttpClient client;

  JwksFetcher(URI uri, Duration timeout, int maxBytes) {
    this.uri = uri;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  String fetch() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Accept", "application/jwk-set+json, application/json")
        .GET()
        .build();
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, info -> new LimitedBody(maxBytes));
    HttpResponse<byte[]> response;
    try {
      response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IOException("JWKS fetch timed out after " + timeout);
    } catch (ExecutionException e) {
      throw new IOException("JWKS fetch failed: " + e.getCause(), e.getCause());
    }
    if (response.statusCode() != 200) {
      throw new IOException("JWKS answered HTTP " + response.statusCode());
    }
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** Collects the body, failing (and cancelling the stream) once it passes the limit. */
  private static final class LimitedBody implements BodySubscriber<byte[]> {
    private final BodySubscriber<byte[]> delegate = BodySubscribers.ofByteArray();
    private final int limit;
    private long received; // Called serially by the HTTP client, per the Flow contract.
    private Flow.Subscription subscription;
    private boolean failed;

    LimitedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      this.subscription = s;
      delegate.onSubscribe(s);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (failed) {
        return;
      }
      for (ByteBuffer b : items) {
        received += b.remaining();
      }
      if (received > limit) {
        failed = true;
        subscription.cancel();
        delegate.onError(new IOException("JWKS larger than " + limit + " bytes"));
        return;
      }
      delegate.onNext(items);
    }

    @Override
    public void onError(Throwable t) {
      if (!failed) {
        delegate.onError(t);
      }
    }

    @Override
    public void onComplete() {
      if (!failed) {
        delegate.onComplete();
      }
    }
  }
}
