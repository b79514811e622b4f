package dev.sluice.hub.internal.dispatch;

import dev.sluice.ServerSentEvent;
import java.util.List;

/**
 * Sends one event to many streams, encoding it once: the server's fan-out primitive as the
 * dispatcher sees it.
 */
@FunctionalInterface
public interface Fanout {
  /** Encodes {@code event} once and hands it to every stream in {@code streams}. */
  void send(ServerSentEvent event, List<SubscriberStream> streams);

  /** The simplest fan-out: one send per stream (each stream encodes for itself). */
  static Fanout perStream() {
    return (event, streams) -> streams.forEach(s -> s.send(event));
  }
}
