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

  /**
   * One request to the loop, queued in order: a write of an encoded buffer to one stream or to many,
   * or a close. One small object per request, however many streams it names.
   */
  private sealed interface Item permits Delivery, Close {}

  /**
   * Content to write to {@link #targetCount} streams. The item owns one reference to {@link
   * #content}, released by the drain once every target has its own (or by {@link #releaseQueued}).
   */
  private sealed interface Delivery extends Item permits ToOne, ToMany {
    ByteBuf content();

    int targetCount();

    NettySseStream target(int index);
  }

  /** A single stream's send. */
  private record ToOne(ByteBuf content, NettySseStream target) implements Delivery {
    @Override
    public int targetCount() {
      return 1;
    }

    @Override
    public NettySseStream target(int index) {
      return target;
    }
  }

  /** One loop's share of a fan-out; {@code targets} is the fan-out's own list, not copied. */
  private record ToMany(ByteBuf content, List<NettySseStream> targets) implements Delivery {
    @Override
    public int targetCount() {
      return targets.size();
    }

    @Override
    public NettySseStream target(int index) {
      return targets.get(index);
    }
  }

  /** Ends {@code target} after everything queued before. */
  private record Close(NettySseStream target) implements Item {}

  private final LoopStreams loop;
  private final Queue<Item> queue = PlatformDependent.newMpscQueue();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean terminated; // Set once the loop has terminated.

  /** Stream writes between clock reads while a drain writes one segment to many streams. */
  static final int WRITES_PER_CLOCK_READ = 16;

  // Event-loop only: the segment being merged, and the streams with a run in it.
  private Delivery[] segment = new Delivery[16];
  private int[] offsets = new int[17];
  private NettySseStream[] touched = new NettySseStream[16];
  private int touchedCount;

  // Event-loop only (and releaseQueued, under the same lock): a segment a drain stopped in, to finish
  // first. Either one lone item and the index of its next target, or a merged buffer and the number
  // of touched streams already written their run.
  private Delivery pendingItem;
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
    offer(new ToOne(content, target));
  }

  /** Queues a write of {@code content} (ownership transferred) to each of {@code targets}. */
  void offerFanout(ByteBuf content, List<NettySseStream> targets) {
    offer(new ToMany(content, targets));
  }

  /** Queues closing {@code target}, after everything queued before. */
  void offerClose(NettySseStream target) {
    offer(new Close(target));
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
      if (item instanceof Delivery delivery) delivery.content().release(); // The item's reference.
    }
    if (pendingItem != null) {
      pendingItem.content().release();
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
      if (item instanceof Close close) {
        close.target().closeNow();
        continue;
      }
      Delivery first = (Delivery) item; // Item is sealed: not a Close, so a Delivery.
      int count = 0;
      int bytes = first.content().readableBytes();
      segment[count++] = first;
      // Merge the deliveries that follow while they fit; a close ends the segment.
      for (Item next; count < MAX_MERGED_EVENTS && (next = queue.peek()) instanceof Delivery delivery
          && bytes + delivery.content().readableBytes() <= MAX_MERGED_BYTES; ) {
        queue.poll();
        if (count == segment.length) {
          segment = Arrays.copyOf(segment, count * 2);
          offsets = Arrays.copyOf(offsets, count * 2 + 1);
        }
        segment[count++] = delivery;
        bytes += delivery.content().readableBytes();
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
    Delivery item = pendingItem;
    ByteBuf content = item.content();
    if (item instanceof ToOne one) {
      one.target().write(content.retain(), 1, direct); // Ownership of the new reference transferred.
    } else {
      int n = item.targetCount();
      for (int i = pendingNext; i < n; ) {
        item.target(i).write(content.retainedDuplicate(), 1, direct); // Ownership of the duplicate transferred.
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
    ByteBuf merged = segment[0].content().alloc().directBuffer(bytes, bytes);
    for (int i = 0; i < count; i++) {
      ByteBuf content = segment[i].content();
      offsets[i] = merged.writerIndex();
      merged.writeBytes(content, content.readerIndex(), content.readableBytes());
    }
    offsets[count] = merged.writerIndex();
    for (int i = 0; i < count; i++) {
      segment[i].content().release(); // Copied; the item's reference is done.
    }
    pendingMerged = merged;
    pendingRunsWritten = 0;
    touchedCount = 0;
    for (int i = 0; i < count; i++) {
      Delivery delivery = segment[i];
      for (int t = 0, n = delivery.targetCount(); t < n; t++) extendRun(delivery.target(t), i, merged);
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
      stream.endRun();
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
    if (!stream.hasRun()) {
      stream.startRun(i);
      if (touchedCount == touched.length) touched = Arrays.copyOf(touched, touchedCount * 2);
      touched[touchedCount++] = stream;
    } else if (!stream.extendRun(i)) {
      writeRun(stream, merged); // Not a target of some event in between: its run ends here.
      stream.startRun(i);
    }
  }

  /** Writes {@code stream} its run of {@code merged} as one retained slice. */
  private void writeRun(NettySseStream stream, ByteBuf merged) {
    int from = offsets[stream.runStart()];
    ByteBuf slice = merged.retainedSlice(from, offsets[stream.runEnd()] - from);
    stream.write(slice, stream.runEnd() - stream.runStart(), direct); // Ownership of the slice transferred.
  }
}
