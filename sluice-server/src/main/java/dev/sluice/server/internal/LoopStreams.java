package dev.sluice.server.internal;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The event streams of one event loop, and the two jobs done for all of them at once: flushing
 * every connection written in this loop turn once, and one heartbeat sweep per interval, so no
 * stream needs a timer or a flush of its own.
 *
 * <p>This class is not thread-safe: everything but {@link #startHeartbeats} runs on {@link #loop}.
 */
final class LoopStreams {
  final EventLoop loop;
  final StreamSettings settings;
  /** What other threads ask of this loop's streams, in order. */
  final LoopInbox inbox = new LoopInbox(this);

  // Event-loop only: every open stream of this loop; a stream knows its slot, for O(1) removal.
  private NettySseStream[] streams = new NettySseStream[16];
  private int size;

  // Event-loop only: streams written since the last flush.
  private NettySseStream[] dirty = new NettySseStream[16];
  private int dirtyCount;
  private boolean flushScheduled;
  private final Runnable flushTask = this::flushDirty;

  // Event-loop only: advanced by every heartbeat sweep; a stream records it on each write.
  int tick;

  private ScheduledFuture<?> sweep; // Written once before streams exist.

  LoopStreams(EventLoop loop, StreamSettings settings) {
    this.loop = loop;
    this.settings = settings;
  }

  /**
   * Starts the sweep: every half interval, streams that wrote nothing for at least a whole interval
   * get a heartbeat, so a stream is silent for between one and one and a half intervals at most.
   */
  void startHeartbeats(Duration interval) {
    if (interval.isZero()) return;
    long halfNanos = Math.max(1, interval.toNanos() / 2);
    sweep = loop.scheduleAtFixedRate(this::sweep, halfNanos, halfNanos, TimeUnit.NANOSECONDS);
  }

  void stopHeartbeats() {
    if (sweep != null) sweep.cancel(false);
  }

  void add(NettySseStream stream) {
    assert loop.inEventLoop();
    if (size == streams.length) streams = Arrays.copyOf(streams, size * 2);
    stream.slot = size;
    streams[size++] = stream;
  }

  void remove(NettySseStream stream) {
    assert loop.inEventLoop();
    int slot = stream.slot;
    if (slot < 0) return;
    NettySseStream last = streams[--size];
    streams[slot] = last;
    last.slot = slot;
    streams[size] = null;
    stream.slot = -1;
  }

  /** Open streams on this loop now. */
  int size() {
    return size;
  }

  /** A copy of the open streams, for shutdown. */
  List<NettySseStream> snapshot() {
    assert loop.inEventLoop();
    return new ArrayList<>(Arrays.asList(streams).subList(0, size));
  }

  /** Arranges for {@code stream}'s connection to be flushed at the end of this loop turn. */
  void markDirty(NettySseStream stream) {
    if (stream.dirty) return;
    stream.dirty = true;
    if (dirtyCount == dirty.length) dirty = Arrays.copyOf(dirty, dirtyCount * 2);
    dirty[dirtyCount++] = stream;
    if (!flushScheduled) {
      flushScheduled = true;
      // Runs after the tasks already queued, so writes from many fan-out tasks share one flush.
      loop.execute(flushTask);
    }
  }

  private void flushDirty() {
    flushScheduled = false;
    int count = dirtyCount;
    dirtyCount = 0;
    for (int i = 0; i < count; i++) {
      NettySseStream stream = dirty[i];
      dirty[i] = null;
      stream.dirty = false;
      stream.channel.flush();
    }
    if (dirty.length > 1024 && count < dirty.length / 4) dirty = new NettySseStream[Math.max(16, count)];
  }

  private void sweep() {
    int now = ++tick;
    // Iterate backwards: a failed heartbeat write may close (and so remove) the current stream.
    for (int i = size - 1; i >= 0; i--) {
      if (i >= size) continue;
      NettySseStream stream = streams[i];
      if (now - stream.lastWriteTick >= 3) stream.heartbeat(); // Silent for 2 to 3 half-intervals.
    }
  }
}
