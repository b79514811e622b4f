package dev.sluice.server.internal;

import dev.sluice.server.EncodedEvent;
import dev.sluice.server.SseStream;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fans one event out: groups the target streams by event loop and hands each loop the event once
 * with its list of streams, through the loop's {@link LoopInbox} (or at once, when called on that
 * loop with nothing queued). The inbox merges events queued together and writes each stream one
 * slice per batch; {@link LoopStreams#markDirty} then flushes each connection once.
 *
 * <h3>Ownership</h3>
 * Each loop gets its own reference to the event's buffer (taken here, released by the inbox or by
 * {@link #writeAll}); each stream write owns its duplicate or slice, which the channel releases. The
 * caller's reference is never touched.
 */
public final class FanoutWriter {
  private FanoutWriter() {}

  public static int send(EncodedEvent event, Iterable<? extends SseStream> streams) {
    Map<LoopStreams, List<NettySseStream>> byLoop = new IdentityHashMap<>(4);
    int count = 0;
    for (SseStream target : streams) {
      if (!(target instanceof NettySseStream)) {
        if (target.send(event)) count++; // Not one of ours (e.g. a test double): its own path.
        continue;
      }
      NettySseStream stream = (NettySseStream) target;
      if (!stream.isOpen()) continue;
      byLoop.computeIfAbsent(stream.loopStreams(), k -> new ArrayList<>()).add(stream);
      count++;
    }
    for (Map.Entry<LoopStreams, List<NettySseStream>> entry : byLoop.entrySet()) {
      LoopStreams loop = entry.getKey();
      List<NettySseStream> targets = entry.getValue();
      ByteBuf content = event.content().retain(); // This loop's reference.
      if (loop.loop.inEventLoop() && loop.inbox.isEmpty()) {
        writeAll(content, targets);
      } else {
        loop.inbox.offerFanout(content, targets); // Ownership of the reference transferred.
      }
    }
    return count;
  }

  /** Event-loop only. Releases {@code content} (the task's reference) when done. */
  private static void writeAll(ByteBuf content, List<NettySseStream> targets) {
    try {
      for (int i = 0, n = targets.size(); i < n; i++) {
        targets.get(i).write(content.retainedDuplicate(), 1); // Ownership of the duplicate transferred.
      }
    } finally {
      content.release();
    }
  }
}
