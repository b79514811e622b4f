package dev.sluice.server;

import dev.sluice.server.internal.FanoutWriter;

/**
 * Sends one {@link EncodedEvent} to a set of streams: the hot path of a hub.
 *
 * <p>Streams are grouped by event loop; each loop gets one task that writes a retained duplicate of
 * the event to each of its streams, and every connection written is flushed once per loop turn, even
 * when many events arrive in that turn. Nothing is encoded or copied per stream.
 *
 * <p>Thread-safe. The caller keeps its reference to {@code event} and releases it when it likes; the
 * streams hold their own. Closed streams are skipped. Events sent by one thread arrive at each stream
 * in the order sent.
 */
public final class Fanout {
  private Fanout() {}

  /**
   * Sends {@code event} to every stream in {@code streams}.
   *
   * @return the number of streams the event was handed to
   */
  public static int send(EncodedEvent event, Iterable<? extends SseStream> streams) {
    return FanoutWriter.send(event, streams);
  }
}
