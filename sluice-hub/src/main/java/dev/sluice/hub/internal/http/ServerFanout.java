package dev.sluice.hub.internal.http;

import dev.sluice.ServerSentEvent;
import dev.sluice.hub.internal.dispatch.Fanout;
import dev.sluice.hub.internal.dispatch.SubscriberStream;
import dev.sluice.server.EncodedEvent;
import dev.sluice.server.SseStream;
import java.util.Iterator;
import java.util.List;

/**
 * The dispatcher's fan-out on sluice-server: encode once into a pooled buffer, then
 * {@link dev.sluice.server.Fanout} writes a retained duplicate per stream, one task per event loop.
 */
public final class ServerFanout implements Fanout {
  @Override
  public void send(ServerSentEvent event, List<SubscriberStream> streams) {
    // We own one reference; each stream takes its own; ours is released when the block ends.
    try (EncodedEvent encoded = EncodedEvent.of(event)) {
      dev.sluice.server.Fanout.send(encoded, () -> unwrap(streams));
    }
  }

  private static Iterator<SseStream> unwrap(List<SubscriberStream> streams) {
    Iterator<SubscriberStream> it = streams.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public SseStream next() {
        return ((ServerStream) it.next()).stream;
      }
    };
  }
}
