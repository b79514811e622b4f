package dev.sluice.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything other threads ask of one event loop's streams — fan-out, single sends and closes — in
 * one FIFO queue, drained by one task on the loop. Sharing one queue keeps each thread's sends and
 * closes in order across fan-out and single sends.
 *
 * <h3>Batching</h3>
 * A drain merges consecutive queued events (up to {@link #MAX_MERGED_BYTES}) into one buffer, copied
 * once per loop, and writes each stream <em>one</em> retained slice covering the events it gets in a
 * row. Under load the queue fills while the loop is busy, so batches grow by themselves: the cost
 * per delivery falls from a pipeline write to a few field updates, and each connection gets one
 * write and (through {@link LoopStreams#markDirty}) one flush per batch. A lone event is written as a
 * retained duplicate, with no copy.
 *
 * <h3>Straight to the socket (opt-in)</h3>
 * With {@link StreamSettings#directSocketWrites}, while the loop keeps up (nothing queued behind the
 * segment and no flush under way) a segment is written straight to each idle socket
 * ({@link SocketShortcut}): one system call per connection, made as the drain reaches it. Once
 * events queue up behind it, the rest of the segment goes through the channels instead, a buffer
 * append per connection, and the loop's flush sends it; later events then go through the channels
 * too until the flush is done, so no connection overtakes one still waiting in the flush, and
 * events reaching a connection before its flush leave in the same {@code writev}.
 *
 * <h3>Ownership</h3>
 * Each queued item owns one reference to its content; the drain releases it after copying it (or
 * after writing the duplicates). Each stream write owns its slice or duplicate; the channel releases
 * it. If the loop has shut down, queued items are released by whoever finds out.
 *
 * <p>Thread-safe: {@link #offer} from any thread; the drain runs on the loop only.
 */
final class LoopInbox implements Runnable {
  /** Largest merged buffer; a larger backlog is written in several segments. */
  static final int MAX_MERGED_BYTES = 64 * 1024;
  /**
   * Most events merged into one segment: bounds the merged buffer's copy and the runs worked out in
   * one go; the writes themselves stop whenever the time budget is spent (see {@link #run}).
   */
  static final int MAX_MERGED_EVENTS = 32;

  /** One request: content to write to {@code targets}, or (content null) close {@code targets}. */
  private record Item(ByteBuf content, Object targets) {} // targets: NettySseStream or List<NettySseStream>.

  private final LoopStreams loop;
  private final Queue<Item> queue = PlatformDependent.newMpscQueue();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean terminated; // Set once the loop has terminated.

  /** Stream writes between clock reads while a drain writes one segment to many streams. */
  static final int WRITES_PER_CLOCK_READ = 16;

  // Event-loop only: the segment being merged, and the streams with a run in it.
  private Item[] segment = new Item[16];
  private int[] offsets = new int[17];
  private NettySseStream[] touched = new NettySseStream[16];
  private int touchedCount;

  // Event-loop only (and releaseQueued, under the same lock): a segment a drain stopped in, to finish
  // first. Either one lone item and the index of its next target, or a merged buffer and the number
  // of touched streams already written their run.
  private Item pendingItem;
  private int pendingNext;
  private ByteBuf pendingMerged;
  private int pendingRunsWritten;
  private boolean draining; // Event-loop only: a drain is writing.
  private boolean direct; // Event-loop only: the segment may be written straight to idle sockets.

  LoopInbox(LoopStreams loop) {
    this.loop = loop;
  }

  /**
   * Whether nothing is queued, half written or being written. Event-loop only. A caller on the loop
   * may write directly only then, to keep order; a close callback that sends while a drain writes
   * must queue behind the events the drain has taken but not yet written to every stream.
   */
  boolean isEmpty() {
    return !draining && pendingItem == null && pendingMerged == null && queue.isEmpty();
  }

  /** Queues a write of {@code content} (ownership transferred) to one stream. */
  void offerWrite(ByteBuf content, NettySseStream target) {
    offer(new Item(content, target));
  }

  /** Queues a write of {@code content} (ownership transferred) to each of {@code targets}. */
  void offerFanout(ByteBuf content, List<NettySseStream> targets) {
    offer(new Item(content, targets));
  }

  /** Queues closing {@code target}, after everything queued before. */
  void offerClose(NettySseStream target) {
    offer(new Item(null, target));
  }

  private void offer(Item item) {
    queue.add(item);
    if (terminated) {
      releaseQueued(); // The loop is gone; no drain will ever run.
      return;
    }
    scheduleDrain();
  }

  /**
   * Makes sure a drain will see what is queued. The drain is <em>scheduled</em> with no delay, not
   * executed, from any thread: Netty 4.2 runs an executed task in the task pass under way, before any
   * I/O, while a scheduled one joins the task queue only at the start of the next pass, after the
   * loop has polled its sockets. So a loop that the dispatcher keeps offering events to still reads
   * (a publisher's next request) between drains. Measured: executing instead took hub fan-out from
   * 650–720k to 405–443k deliveries/s, with the publish round trip from 9–11 to 19–21 ms.
   */
  private void scheduleDrain() {
    // A failed compare-and-set means a drain is scheduled and has not begun: it will see the item.
    while (!scheduled.get() && scheduled.compareAndSet(false, true)) {
      try {
        submit();
        return;
      } catch (RejectedExecutionException e) {
        releaseQueued(); // The loop is gone (server stopped); its channels are closed.
        scheduled.set(false);
        if (queue.isEmpty()) return; // Else an item came in meanwhile whose sender saw us scheduled.
      }
    }
  }

  private void submit() {
    if (loop.loop.isShuttingDown()) {
      // Netty cancels scheduled tasks at shutdown but still runs executed ones (or rejects them).
      loop.loop.execute(this);
    } else {
      loop.loop.schedule(this, 0, TimeUnit.NANOSECONDS);
    }
  }

  /** Called once the loop has terminated: from now on everything offered is released at once. */
  void loopTerminated() {
    terminated = true;
    releaseQueued();
  }

  /**
   * Drops everything queued. The queue has one consumer at a time: the drain, or this, under the
   * same lock, which only contends at shutdown.
   */
  private synchronized void releaseQueued() {
    for (Item item; (item = queue.poll()) != null; ) {
      if (item.content != null) item.content.release();
    }
    if (pendingItem != null) {
      pendingItem.content.release();
      pendingItem = null;
    }
    if (pendingMerged != null) {
      Arrays.fill(touched, pendingRunsWritten, touchedCount, null);
      touchedCount = 0;
      pendingMerged.release();
      pendingMerged = null;
    }
  }

  /**
   * The drain: writes what is queued, one segment at a time, until the queue is empty or the loop's
   * time budget is spent; then it goes on in a scheduled task, after the loop's next poll (see
   * {@link #scheduleDrain}). A segment with thousands of targets can outlast the budget on its own
   * (thousands of channel writes, or system calls with {@link SocketShortcut}), so a drain can also
   * stop in the middle of one and resume it first next time, before taking anything else from the
   * queue.
   */
  @Override
  public synchronized void run() {
    scheduled.set(false); // Before polling: a later offer schedules another drain rather than be missed.
    long deadline = loop.nanoClock.getAsLong() + loop.flushBudgetNanos;
    draining = true;
    try {
      if (resume(deadline)) drain(deadline);
    } finally {
      draining = false;
    }
    if (pendingItem != null || pendingMerged != null || !queue.isEmpty()) scheduleDrain();
  }

  /**
   * Whether the loop is keeping up: nothing queued behind this segment and no flush under way. Only
   * then may a segment go straight to the sockets; otherwise it would overtake connections still
   * waiting in the flush, which hold older events.
   */
  private boolean keepingUp() {
    return queue.isEmpty() && !loop.flushPending();
  }

  /** Finishes the segment a previous drain stopped in. False if the budget ran out again. */
  private boolean resume(long deadline) {
    direct = keepingUp();
    if (pendingItem != null) return writeTargets(deadline);
    if (pendingMerged != null) return writeRuns(deadline);
    return true;
  }

  private void drain(long deadline) {
    Item item;
    while ((item = queue.poll()) != null) {
      if (item.content == null) {
        ((NettySseStream) item.targets).closeNow();
        continue;
      }
      int count = 0;
      int bytes = 0;
      segment[count++] = item;
      bytes += item.content.readableBytes();
      // Merge what follows while it fits.
      for (Item next; count < MAX_MERGED_EVENTS && (next = queue.peek()) != null && next.content != null
          && bytes + next.content.readableBytes() <= MAX_MERGED_BYTES; ) {
        queue.poll();
        if (count == segment.length) {
          segment = Arrays.copyOf(segment, count * 2);
          offsets = Arrays.copyOf(offsets, count * 2 + 1);
        }
        segment[count++] = next;
        bytes += next.content.readableBytes();
      }
      direct = keepingUp();
      boolean done;
      if (count == 1) {
        pendingItem = segment[0];
        pendingNext = 0;
        done = writeTargets(deadline);
      } else {
        mergeRuns(count, bytes);
        done = writeRuns(deadline);
      }
      Arrays.fill(segment, 0, count, null);
      if (!done || loop.nanoClock.getAsLong() >= deadline) return;
    }
  }

  /**
   * Writes {@link #pendingItem}'s content to its targets from {@link #pendingNext} on, as retained
   * duplicates, and releases the item's reference when all are written. False if the budget ran out
   * first; the rest is left for the next drain.
   */
  private boolean writeTargets(long deadline) {
    Item item = pendingItem;
    ByteBuf content = item.content;
    if (item.targets instanceof NettySseStream) {
      ((NettySseStream) item.targets).write(content.retain(), 1, direct); // Ownership of the new reference transferred.
    } else {
      @SuppressWarnings("unchecked")
      List<NettySseStream> targets = (List<NettySseStream>) item.targets;
      int n = targets.size();
      for (int i = pendingNext; i < n; ) {
        targets.get(i).write(content.retainedDuplicate(), 1, direct); // Ownership of the duplicate transferred.
        i++;
        if (outOfTime(i, n, deadline)) {
          pendingNext = i;
          return false;
        }
      }
    }
    pendingItem = null;
    content.release(); // The item's reference.
    return true;
  }

  /**
   * Whether a segment's writes must stop after {@code done} of {@code total}: the clock is read every
   * {@link #WRITES_PER_CLOCK_READ} writes. While there is time left, also notes whether events have
   * queued up since, in which case the rest of the segment goes in the flush, in order.
   */
  private boolean outOfTime(int done, int total, long deadline) {
    if (done >= total || done % WRITES_PER_CLOCK_READ != 0) return false;
    if (loop.nanoClock.getAsLong() >= deadline) return true;
    direct &= queue.isEmpty();
    return false;
  }

  /**
   * Copies the segment's {@code count} events into one buffer, which becomes {@link #pendingMerged},
   * and works out each target's run of consecutive events (writing a run early where a stream misses
   * an event in between). Releases the items' contents.
   */
  private void mergeRuns(int count, int bytes) {
    ByteBuf merged = segment[0].content.alloc().directBuffer(bytes, bytes);
    for (int i = 0; i < count; i++) {
      ByteBuf content = segment[i].content;
      offsets[i] = merged.writerIndex();
      merged.writeBytes(content, content.readerIndex(), content.readableBytes());
    }
    offsets[count] = merged.writerIndex();
    for (int i = 0; i < count; i++) {
      segment[i].content.release(); // Copied; the item's reference is done.
    }
    pendingMerged = merged;
    pendingRunsWritten = 0;
    touchedCount = 0;
    for (int i = 0; i < count; i++) {
      Object targets = segment[i].targets;
      if (targets instanceof NettySseStream) {
        extendRun((NettySseStream) targets, i, merged);
        continue;
      }
      @SuppressWarnings("unchecked")
      List<NettySseStream> list = (List<NettySseStream>) targets;
      for (int t = 0, n = list.size(); t < n; t++) extendRun(list.get(t), i, merged);
    }
  }

  /**
   * Writes each touched stream its run of {@link #pendingMerged}, from {@link #pendingRunsWritten} on,
   * and releases the merged buffer when all are written. False if the budget ran out first.
   */
  private boolean writeRuns(long deadline) {
    ByteBuf merged = pendingMerged;
    for (int t = pendingRunsWritten; t < touchedCount; ) {
      NettySseStream stream = touched[t];
      touched[t] = null;
      writeRun(stream, merged);
      stream.runStart = -1;
      t++;
      if (outOfTime(t, touchedCount, deadline)) {
        pendingRunsWritten = t;
        return false;
      }
    }
    touchedCount = 0;
    pendingMerged = null;
    merged.release(); // Our reference; each slice holds its own.
    return true;
  }

  /** Adds event {@code i} to {@code stream}'s run, writing the previous run first if there is a gap. */
  private void extendRun(NettySseStream stream, int i, ByteBuf merged) {
    if (stream.runStart < 0) {
      stream.runStart = i;
      stream.runEnd = i + 1;
      if (touchedCount == touched.length) touched = Arrays.copyOf(touched, touchedCount * 2);
      touched[touchedCount++] = stream;
    } else if (stream.runEnd == i) {
      stream.runEnd = i + 1;
    } else {
      writeRun(stream, merged); // Not a target of some event in between: its run ends here.
      stream.runStart = i;
      stream.runEnd = i + 1;
    }
  }

  private void writeRun(NettySseStream stream, ByteBuf merged) {
    int from = offsets[stream.runStart];
    ByteBuf slice = merged.retainedSlice(from, offsets[stream.runEnd] - from);
    stream.write(slice, stream.runEnd - stream.runStart, direct); // Ownership of the slice transferred.
  }
}
