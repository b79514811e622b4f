package dev.sluice.testing;

import dev.sluice.EventHandler;
import dev.sluice.LimitExceededException;
import dev.sluice.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every {@link EventHandler} callback, in order, as a value that compares by content: a
 * {@link ServerSentEvent}, a {@link Comment}, a {@link Retry} or a {@link Limit}.
 */
public final class RecordingHandler implements EventHandler {
  /** A comment line's text. */
  public record Comment(String text) {}

  /** A valid {@code retry} field. */
  public record Retry(long millis) {}

  /** A reported limit. */
  public record Limit(LimitExceededException.Limit limit, int maxBytes) {}

  private final List<Object> callbacks = new ArrayList<>();

  @Override
  public void onEvent(ServerSentEvent event) {
    callbacks.add(event);
  }

  @Override
  public void onComment(String comment) {
    callbacks.add(new Comment(comment));
  }

  @Override
  public void onRetry(long retryMillis) {
    callbacks.add(new Retry(retryMillis));
  }

  @Override
  public void onLimitExceeded(LimitExceededException error) {
    callbacks.add(new Limit(error.limit(), error.maxBytes()));
  }

  /** Everything recorded so far, oldest first. */
  public List<Object> callbacks() {
    return List.copyOf(callbacks);
  }

  /** Only the dispatched events, oldest first. */
  public List<ServerSentEvent> events() {
    List<ServerSentEvent> events = new ArrayList<>();
    for (Object callback : callbacks) {
      if (callback instanceof ServerSentEvent) events.add((ServerSentEvent) callback);
    }
    return events;
  }
}
