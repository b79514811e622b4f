package dev.sluice.publisher;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body as UTF-8 text, keeping at most {@code limit} bytes and discarding the rest
 * (still read, so the connection stays reusable). A hub's answer is an id or a short reason; a
 * misconfigured URL pointing at something else must not make the publisher buffer a large page.
 */
final class BoundedBody implements BodySubscriber<String> {
  private final int limit;
  private final CompletableFuture<String> result = new CompletableFuture<>();
  // Written only by the publisher's onNext calls, which the HttpClient serializes.
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

  BoundedBody(int limit) {
    this.limit = limit;
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer item : items) {
      int take = Math.min(item.remaining(), limit - kept.size());
      if (take > 0) {
        byte[] bytes = new byte[take];
        item.get(bytes);
        kept.write(bytes, 0, take);
      }
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(kept.toString(StandardCharsets.UTF_8));
  }
}
