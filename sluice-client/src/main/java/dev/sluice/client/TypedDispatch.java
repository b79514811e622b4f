package dev.sluice.client;

import dev.sluice.ServerSentEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A listener that also calls the handlers registered for each event's type. */
final class TypedDispatch implements EventSourceListener {
  private final EventSourceListener listener;
  private final Map<String, List<Consumer<ServerSentEvent>>> handlers;

  private TypedDispatch(EventSourceListener listener, Map<String, List<Consumer<ServerSentEvent>>> handlers) {
    this.listener = listener;
    this.handlers = handlers;
  }

  static EventSourceListener wrap(EventSourceListener listener,
      Map<String, List<Consumer<ServerSentEvent>>> handlers) {
    if (handlers.isEmpty()) return listener;
    Map<String, List<Consumer<ServerSentEvent>>> copy = new HashMap<>();
    handlers.forEach((type, list) -> copy.put(type, List.copyOf(list)));
    return new TypedDispatch(listener, Map.copyOf(copy));
  }

  @Override
  public void onOpen() {
    listener.onOpen();
  }

  @Override
  public void onEvent(ServerSentEvent event) {
    listener.onEvent(event);
    List<Consumer<ServerSentEvent>> forType = handlers.get(event.type());
    if (forType != null) forType.forEach(handler -> handler.accept(event));
  }

  @Override
  public void onComment(String comment) {
    listener.onComment(comment);
  }

  @Override
  public void onRetry(Duration retry) {
    listener.onRetry(retry);
  }

  @Override
  public void onError(SseClientException error) {
    listener.onError(error);
  }

  @Override
  public void onClosed() {
    listener.onClosed();
  }
}
