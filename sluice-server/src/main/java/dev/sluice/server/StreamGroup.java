package dev.sluice.server;

import dev.sluice.ServerSentEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of streams that receive the same events, such as the members of a chat room. A stream leaves
 * the group by itself when it closes.
 *
 * <p>Thread-safe. Each event sent to the group is encoded once and fanned out with {@link Fanout}.
 */
public final class StreamGroup {
  private final Set<SseStream> members = ConcurrentHashMap.newKeySet();

  public static StreamGroup create() {
    return new StreamGroup();
  }

  private StreamGroup() {}

  /** Adds an open stream; it is removed when it closes. Returns false if it was closed already. */
  public boolean add(SseStream stream) {
    if (!stream.isOpen()) return false;
    members.add(stream);
    stream.onClose(() -> members.remove(stream));
    return true;
  }

  public boolean remove(SseStream stream) {
    return members.remove(stream);
  }

  /** The number of members now. */
  public int size() {
    return members.size();
  }

  /** Encodes {@code event} once and sends it to every member; returns how many it was handed to. */
  public int send(ServerSentEvent event) {
    try (EncodedEvent encoded = EncodedEvent.of(event)) {
      return Fanout.send(encoded, members);
    }
  }

  /** Sends a pre-encoded event to every member. The caller keeps its reference to {@code event}. */
  public int send(EncodedEvent event) {
    return Fanout.send(event, members);
  }

  /** Closes every member stream. */
  public void closeAll() {
    for (SseStream stream : members) stream.close();
  }
}
