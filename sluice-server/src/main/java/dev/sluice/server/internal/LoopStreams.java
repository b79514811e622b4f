package dev.sluice.server.internal;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The event streams of one event loop, and the two jobs done for all of them at once: flushing
 * every connection written in this loop turn once, and one heartbeat sweep per interval, so no
 * stream needs a timer or a flush of its own.
 *
 * <h3>Chunked flush</h3>
 * A flush round flushes connections for at most {@link #DEFAULT_FLUSH_BUDGET_NANOS} (and at most
 * {@link #DEFAULT_FLUSH_CHUNK} connections) per task. The first chunk
 * runs as an ordinary task, right after the writes that dirtied it, so a small fan-out is flushed
 * in the same loop turn as before. What is left goes on as a <em>scheduled</em> task with no
 * delay: Netty 4.2's {@code SingleThreadIoEventLoop} runs queued tasks until its queue is empty
 * (checking its time quantum, 1 s by default, only every 64 tasks), so a task re-queued with
 * {@code execute} would run before any I/O; scheduled tasks are taken into the queue only at the
 * start of the next task pass, after the loop has polled its sockets. Between chunks the loop
 * therefore reads what arrived (a publisher's next POST), and events written meanwhile to
 * connections not yet flushed leave in the same {@code writev} as the ones before them.
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

  /**
   * Most connections one flush task flushes before it lets the loop do I/O; see the class comment.
   * The time budget below usually ends a chunk first; this cap keeps a chunk short even if the clock
   * is coarse.
   */
  static final int DEFAULT_FLUSH_CHUNK = 4096;

  /**
   * Longest one flush task runs before it lets the loop do I/O. A flush is a {@code writev} through
   * the kernel's TCP stack (about 4 µs on loopback here, and several times that when the cores are
   * shared), so a count alone says little about time: 1,024 connections took 22 ms under load, and a
   * publisher's next POST waited behind them, one event per round. With at most 1 ms between polls
   * the hub reads publishes while it flushes, so more events leave in each {@code writev}
   * (docs/benchmarks.md, "Flush budget").
   */
  static final long DEFAULT_FLUSH_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Flushes between clock reads: reading the clock costs far less than a flush, but not nothing. */
  static final int FLUSHES_PER_CLOCK_READ = 16;

  private final int flushChunk;
  /** Longest a flush or inbox task runs before the loop polls its sockets again. */
  final long flushBudgetNanos;
  final LongSupplier nanoClock;

  // Event-loop only: streams written and not yet flushed are dirty[flushed..dirtyCount).
  private NettySseStream[] dirty = new NettySseStream[16];
  private int dirtyCount;
  private int flushed;
  private boolean flushScheduled; // A flush task is queued or scheduled, until the round ends.
  private final Runnable flushTask = this::flushChunk;

  // Event-loop only: advanced by every heartbeat sweep; a stream records it on each write.
  int tick;

  private ScheduledFuture<?> sweep; // Written once before streams exist.

  LoopStreams(EventLoop loop, StreamSettings settings) {
    this(loop, settings, DEFAULT_FLUSH_CHUNK, DEFAULT_FLUSH_BUDGET_NANOS, System::nanoTime);
  }

  LoopStreams(EventLoop loop, StreamSettings settings, int flushChunk) {
    this(loop, settings, flushChunk, DEFAULT_FLUSH_BUDGET_NANOS, System::nanoTime);
  }

  LoopStreams(EventLoop loop, StreamSettings settings, int flushChunk, long flushBudgetNanos,
      LongSupplier nanoClock) {
    if (flushChunk < 1) throw new IllegalArgumentException("flushChunk < 1: " + flushChunk);
    if (flushBudgetNanos < 1) throw new IllegalArgumentException("flushBudgetNanos < 1: " + flushBudgetNanos);
    this.loop = loop;
    this.settings = settings;
    this.flushChunk = flushChunk;
    this.flushBudgetNanos = flushBudgetNanos;
    this.nanoClock = nanoClock;
    // Whatever is still queued when the loop ends (a drain cancelled by shutdown) is released then.
    try {
      loop.terminationFuture().addListener(f -> inbox.loopTerminated());
    } catch (UnsupportedOperationException e) {
      // Netty's EmbeddedEventLoop (tests) never terminates and has no termination future.
    }
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
    stream.slot(size);
    streams[size++] = stream;
  }

  void remove(NettySseStream stream) {
    assert loop.inEventLoop();
    int slot = stream.slot();
    if (slot < 0) return;
    NettySseStream last = streams[--size];
    streams[slot] = last;
    last.slot(slot);
    streams[size] = null;
    stream.slot(-1);
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

  /**
   * Arranges for {@code stream}'s connection to be flushed: after the tasks already queued, or, while
   * a large round is under way, in one of its later chunks.
   */
  void markDirty(NettySseStream stream) {
    if (!stream.markDirty()) return; // Not flushed yet: this write leaves with the ones before it.
    if (dirtyCount == dirty.length) dirty = Arrays.copyOf(dirty, dirtyCount * 2);
    dirty[dirtyCount++] = stream;
    if (!flushScheduled) {
      flushScheduled = true;
      // Runs after the tasks already queued, so writes from many fan-out tasks share one flush.
      loop.execute(flushTask);
    }
  }

  /** Whether written connections wait for a flush. Event-loop only. */
  boolean flushPending() {
    return flushed < dirtyCount;
  }

  /** Flushes the next chunk of dirty connections; schedules the rest after the next I/O poll. */
  private void flushChunk() {
    int end = Math.min(dirtyCount, flushed + flushChunk);
    long start = nanoClock.getAsLong();
    int i = flushed;
    while (i < end) {
      NettySseStream stream = dirty[i];
      dirty[i] = null;
      stream.flush(); // May close the stream; it was already taken off the dirty list.
      i++;
      if ((i - flushed) % FLUSHES_PER_CLOCK_READ == 0 && nanoClock.getAsLong() - start >= flushBudgetNanos) break;
    }
    flushed = i;
    if (flushed < dirtyCount) {
      compact();
      loop.schedule(flushTask, 0, TimeUnit.NANOSECONDS); // Not execute(): see the class comment.
      return;
    }
    int round = dirtyCount;
    dirtyCount = 0;
    flushed = 0;
    flushScheduled = false;
    if (dirty.length > 1024 && round < dirty.length / 4) dirty = new NettySseStream[Math.max(16, round)];
  }

  /**
   * Moves the unflushed tail to the front once the flushed head is at least as long, so streams that
   * keep being re-dirtied during a long round do not grow the array; each move copies no more
   * entries than were flushed since the last, so it costs O(1) per flush.
   */
  private void compact() {
    int left = dirtyCount - flushed;
    if (flushed < left) return;
    System.arraycopy(dirty, flushed, dirty, 0, left);
    Arrays.fill(dirty, left, dirtyCount, null);
    dirtyCount = left;
    flushed = 0;
  }

  private void sweep() {
    int now = ++tick;
    // Iterate backwards: a failed heartbeat write may close (and so remove) the current stream.
    for (int i = size - 1; i >= 0; i--) {
      if (i >= size) continue;
      NettySseStream stream = streams[i];
      stream.heartbeatIfSilent(now, 3); // Silent for 2 to 3 half-intervals.
    }
  }
}
