package dev.sluice.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A reader that only waits for the response's end, for the non-streaming {@code POST} and for
 * {@code cancel}: completes with the final response object, or empty when the response is not in
 * the log. Runs on the relay's timer thread, one serial executor for all collectors.
 */
public final class CollectingSink implements ReaderSink {
  private final ScheduledExecutorService timer;
  private final CompletableFuture<Optional<ObjectNode>> result = new CompletableFuture<>();

  public CollectingSink(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  public CompletableFuture<Optional<ObjectNode>> result() {
    return result;
  }

  @Override
  public Executor executor() {
    return timer;
  }

  @Override
  public boolean send(long sequence, String type, String json) {
    return !result.isDone();
  }

  @Override
  public void end(ObjectNode finalResponse) {
    result.complete(Optional.ofNullable(finalResponse));
  }

  @Override
  public void every(Duration period, Runnable task) {
    ScheduledFuture<?> f = timer.scheduleAtFixedRate(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    result.whenComplete((r, e) -> f.cancel(false));
  }

  @Override
  public void onClose(Runnable callback) {
    result.whenComplete((r, e) -> callback.run());
  }
}
