package dev.sluice.server.internal;

import dev.sluice.server.EncodedEvent;
import dev.sluice.server.SseStream;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * Fans one event out: groups the target streams by event loop, then gives each loop one task that
 * writes a retained duplicate to each of its streams. The loop's flush batching
 * ({@link LoopStreams#markDirty}) then flushes each connection once, however many events that turn
 * wrote.
 *
 * <h3>Ownership</h3>
 * Each loop task holds one reference to the event's buffer (taken here, released when the task
 * ends); each write takes its own duplicate's reference, which the channel releases. The caller's
 * reference is never touched.
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
      ByteBuf content = event.content().retain(); // This task's reference.
      Runnable task = () -> writeAll(content, targets, loop);
      if (loop.loop.inEventLoop()) {
        task.run();
        continue;
      }
      try {
        loop.loop.execute(task);
      } catch (RejectedExecutionException e) {
        content.release(); // The server is stopping; the task will never run.
        count -= targets.size();
      }
    }
    return count;
  }

  /** Event-loop only. Releases {@code content} (the task's reference) when done. */
  private static void writeAll(ByteBuf content, List<NettySseStream> targets, LoopStreams loop) {
    try {
      for (int i = 0, n = targets.size(); i < n; i++) {
        targets.get(i).write(content.retainedDuplicate(), true); // Ownership of the duplicate transferred.
      }
    } finally {
      content.release();
    }
  }
}
