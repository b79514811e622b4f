package dev.sluice.testing;

import dev.sluice.ServerSentEvent;
import java.util.List;

/**
 * What a parser reported for one whole stream: its callbacks in order, and the last event ID
 * string it held after {@link dev.sluice.EventParser#end()}.
 */
public record Transcript(List<Object> callbacks, String lastEventId) {
  /** Only the dispatched events. */
  public List<ServerSentEvent> events() {
    return callbacks.stream()
        .filter(ServerSentEvent.class::isInstance)
        .map(ServerSentEvent.class::cast)
        .toList();
  }
}
