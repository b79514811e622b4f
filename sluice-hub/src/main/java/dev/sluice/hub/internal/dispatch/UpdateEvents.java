package dev.sluice.hub.internal.dispatch;

import dev.sluice.ServerSentEvent;
import dev.sluice.hub.spi.Update;

/** Turns an update into the SSE event subscribers receive. */
public final class UpdateEvents {
  private UpdateEvents() {}

  /** {@code id} is the event id, {@code event} the update type, then {@code retry} and {@code data}. */
  public static ServerSentEvent toEvent(Update update) {
    ServerSentEvent.Builder event = ServerSentEvent.builder().id(update.id()).data(update.data());
    update.type().ifPresent(event::event);
    update.retry().ifPresent(event::retry);
    return event.build();
  }
}
