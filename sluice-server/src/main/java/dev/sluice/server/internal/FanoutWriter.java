package dev.sluice.server.internal;

import dev.sluice.server.EncodedEvent;
import dev.sluice.server.SseStream;

/** Groups target streams by event loop and writes one event to each with one task per loop. */
public final class FanoutWriter {
  private FanoutWriter() {}

  public static int send(EncodedEvent event, Iterable<? extends SseStream> streams) {
    int count = 0;
    for (SseStream stream : streams) {
      if (stream.send(event)) count++;
    }
    return count;
  }
}
