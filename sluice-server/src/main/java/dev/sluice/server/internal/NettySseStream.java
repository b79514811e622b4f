package dev.sluice.server.internal;

import dev.sluice.EventEncoder;
import dev.sluice.ServerSentEvent;
import dev.sluice.server.EncodedEvent;
import dev.sluice.server.SseStream;
import dev.sluice.server.StreamScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An open event stream on one channel: the socket channel for HTTP/1.1 (after the HTTP codec has
 * been removed, so raw bytes go to the socket), or the stream's child channel for HTTP/2.
 *
 * <p>It is also the last handler of that channel's pipeline, so it hears of disconnects
 * ({@code channelInactive}), write failures ({@code exceptionCaught}) and writability changes.
 *
 * <h3>Backpressure</h3>
 * Events are written at once: straight to the socket while nothing is pending
 * ({@link SocketShortcut}), else to the channel, whose outbound buffer is the queue. While the
 * channel is not writable, the events and bytes written are counted; past
 * {@link StreamSettings#maxQueuedEvents} or {@link StreamSettings#maxQueuedBytes} the stream is
 * closed as too slow. The counts reset when the channel becomes writable again, so a stream holds at
 * most the high water mark plus those bounds.
 *
 * <h3>Memory</h3>
 * A stream is this object and nothing else until a handler schedules a task or adds several close
 * callbacks: no queue, no timer, no buffer of its own.
 */
final class NettySseStream extends ChannelInboundHandlerAdapter implements SseStream, StreamScheduler {
  private static final System.Logger LOG = System.getLogger(NettySseStream.class.getName());
  /** How long a closing stream may take to drain to a client that stopped reading. */
  private static final long CLOSE_DRAIN_MILLIS = 5_000;

  private final Channel channel;
  private final LoopStreams loop;
  private final boolean http2;
  private final FileDescriptor socket; // Null unless events may be written to it directly: SocketShortcut.

  // Bookkeeping that LoopStreams and LoopInbox keep here rather than in maps, so a stream costs no
  // map entry; each changes it only through the methods below. Event-loop only.
  private int slot = -1; // Index in LoopStreams, or -1.
  private boolean dirty; // Queued for the loop's flush.
  private int lastWriteTick; // LoopStreams.tick at the last write.
  private int runStart = -1; // LoopInbox's run of merged events for this stream, or -1.
  private int runEnd;
  private int backlogEvents; // Event-loop only: written while not writable.
  private long backlogBytes; // Event-loop only.

  private volatile boolean closed;
  private Object closeCallbacks; // Guarded by this: null, a Runnable, or a List<Runnable>.
  private List<ScheduledFuture<?>> tasks; // Guarded by this; null until a task is scheduled.

  NettySseStream(Channel channel, LoopStreams loop, boolean http2) {
    this.channel = channel;
    this.loop = loop;
    this.http2 = http2;
    this.socket = loop.settings.directSocketWrites ? SocketShortcut.socketFor(channel, http2) : null;
  }

  LoopStreams loopStreams() {
    return loop;
  }

  /** The channel events are written to. */
  Channel channel() {
    return channel;
  }

  // LoopStreams' bookkeeping. Event-loop only.

  /** Index in the loop's stream array, or -1 when not registered. */
  int slot() {
    return slot;
  }

  void slot(int slot) {
    this.slot = slot;
  }

  /** Marks the stream as waiting for the loop's flush; false if it already was. */
  boolean markDirty() {
    if (dirty) return false;
    dirty = true;
    return true;
  }

  /** Flushes the connection and clears the dirty mark. May close the stream. */
  void flush() {
    dirty = false;
    channel.flush();
  }

  /** Writes a heartbeat if nothing was written for {@code ticks} sweeps up to {@code now}. */
  void heartbeatIfSilent(int now, int ticks) {
    if (now - lastWriteTick >= ticks) heartbeat();
  }

  // LoopInbox's run of consecutive merged events for this stream, [runStart, runEnd). Event-loop only.

  boolean hasRun() {
    return runStart >= 0;
  }

  void startRun(int event) {
    runStart = event;
    runEnd = event + 1;
  }

  /** Adds {@code event} to the run if it follows the run's last event; false if there is a gap. */
  boolean extendRun(int event) {
    if (runEnd != event) return false;
    runEnd = event + 1;
    return true;
  }

  int runStart() {
    return runStart;
  }

  int runEnd() {
    return runEnd;
  }

  void endRun() {
    runStart = -1;
  }

  /**
   * Registers the stream with its loop. Event-loop only; call once the response head is written and
   * after {@link ServerCounters#tryReserveStream} counted it: closing gives the count back.
   */
  void open() {
    assert loop.loop.inEventLoop();
    lastWriteTick = loop.tick;
    loop.add(this);
    loop.settings.counters.streamsOpened.increment();
    if (!channel.isActive()) markClosed();
  }

  @Override
  public boolean send(ServerSentEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed) return false;
    int length = EventEncoder.encodedLength(event);
    ByteBuf buffer = channel.alloc().directBuffer(length, length);
    try {
      EventEncoder.encode(event, buffer.internalNioBuffer(0, length));
      buffer.writerIndex(length);
      ByteBuf handed = buffer;
      buffer = null; // Ownership transferred to submit().
      return submit(handed);
    } finally {
      if (buffer != null) buffer.release();
    }
  }

  @Override
  public boolean send(EncodedEvent event) {
    if (closed) return false;
    return submit(event.content().retainedDuplicate()); // Our own reference; submit() releases it.
  }

  @Override
  public boolean comment(String text) {
    return send(ServerSentEvent.ofComment(text));
  }

  @Override
  public boolean retry(Duration delay) {
    return send(ServerSentEvent.builder().retry(delay).build());
  }

  /**
   * Writes {@code buffer} (owned by this call) on the loop: at once when called there with nothing
   * queued, else through the loop's inbox, behind what this thread queued before. False if closed.
   */
  private boolean submit(ByteBuf buffer) {
    if (loop.loop.inEventLoop() && loop.inbox.isEmpty()) {
      return write(buffer, 1);
    }
    loop.inbox.offerWrite(buffer, this); // Ownership transferred to the inbox.
    return true;
  }

  /**
   * Writes {@code events} encoded events (or, with 0, a heartbeat) as one buffer. Event-loop only.
   * Takes ownership of {@code buffer}.
   *
   * @return false if the stream was closed (the buffer is released)
   */
  boolean write(ByteBuf buffer, int events) {
    return write(buffer, events, true);
  }

  /**
   * As {@link #write(ByteBuf, int)}; with {@code direct} false the bytes always go through the
   * channel and leave with the loop's next flush of this connection, together with whatever else is
   * written to it before then (see {@link LoopInbox} on catching up).
   */
  boolean write(ByteBuf buffer, int events, boolean direct) {
    if (closed) {
      buffer.release();
      return false;
    }
    if (!channel.isWritable()) {
      backlogEvents += events;
      backlogBytes += buffer.readableBytes();
      if (backlogEvents > loop.settings.maxQueuedEvents || backlogBytes > loop.settings.maxQueuedBytes) {
        buffer.release();
        closeSlow();
        return false;
      }
    }
    // Counted before the bytes leave: a client may read them before this method returns.
    lastWriteTick = loop.tick;
    if (events > 0) {
      loop.settings.counters.deliveries.add(events);
    } else {
      loop.settings.counters.heartbeats.increment();
    }
    if (direct && socket != null && SocketShortcut.write(channel, socket, buffer)) {
      buffer.release(); // All of it is in the socket: no channel write, no flush.
      return true;
    } // Else what the socket did not take (all of it, if the shortcut did not apply) goes below.
    Object message = http2 ? new DefaultHttp2DataFrame(buffer) : buffer;
    channel.write(message, channel.voidPromise()); // Ownership transferred to the channel.
    loop.markDirty(this);
    return true;
  }

  /** Writes a heartbeat comment. Event-loop only. */
  void heartbeat() {
    write(StreamSettings.HEARTBEAT.duplicate(), 0); // Counted as a heartbeat by write().
  }

  private void closeSlow() {
    loop.settings.counters.slowStreamCloses.increment();
    LOG.log(Level.WARNING, "closing slow event stream to {0}: {1} events, {2} bytes waiting past the high water mark",
        remote(), backlogEvents, backlogBytes);
    markClosed();
    channel.close(); // Drops what is queued: this client would never have read it in time.
  }

  @Override
  public void close() {
    if (closed) return;
    if (loop.loop.inEventLoop() && loop.inbox.isEmpty()) {
      closeNow();
    } else {
      loop.inbox.offerClose(this); // After the events this thread queued before.
    }
  }

  /** Ends the stream after what was written. Event-loop only. */
  void closeNow() {
    if (closed) return;
    markClosed();
    Object end = http2 ? new DefaultHttp2DataFrame(true) : Unpooled.EMPTY_BUFFER;
    channel.writeAndFlush(end).addListener(ChannelFutureListener.CLOSE);
    if (!channel.isWritable()) {
      // A client that stopped reading would hold the connection open; bound the wait.
      channel.eventLoop().schedule(() -> channel.close(), CLOSE_DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Marks the stream closed and frees its state, once. Event-loop only. */
  private void markClosed() {
    assert loop.loop.inEventLoop();
    Object callbacks;
    List<ScheduledFuture<?>> toCancel;
    synchronized (this) {
      if (closed) return;
      closed = true;
      callbacks = closeCallbacks;
      closeCallbacks = null;
      toCancel = tasks;
      tasks = null;
    }
    loop.remove(this);
    loop.settings.counters.openStreams.decrementAndGet();
    if (toCancel != null) {
      for (ScheduledFuture<?> task : toCancel) task.cancel(false);
    }
    if (callbacks instanceof Runnable) {
      runCallback((Runnable) callbacks);
    } else if (callbacks != null) {
      @SuppressWarnings("unchecked")
      List<Runnable> list = (List<Runnable>) callbacks;
      for (Runnable callback : list) runCallback(callback);
    }
  }

  private void runCallback(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "onClose callback failed", e);
    }
  }

  @Override
  public void onClose(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (this) {
      if (!closed) {
        if (closeCallbacks == null) {
          closeCallbacks = callback;
        } else if (closeCallbacks instanceof Runnable) {
          List<Runnable> list = new ArrayList<>(2);
          list.add((Runnable) closeCallbacks);
          list.add(callback);
          closeCallbacks = list;
        } else {
          @SuppressWarnings("unchecked")
          List<Runnable> list = (List<Runnable>) closeCallbacks;
          list.add(callback);
        }
        return;
      }
    }
    runCallback(callback);
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public StreamScheduler scheduler() {
    return this;
  }

  @Override
  public Executor executor() {
    return loop.loop;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    Objects.requireNonNull(task, "task");
    return track(loop.loop.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
    Objects.requireNonNull(task, "task");
    if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("period <= 0: " + period);
    return track(loop.loop.scheduleAtFixedRate(
        guarded(task), initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS));
  }

  private ScheduledFuture<?> track(ScheduledFuture<?> future) {
    synchronized (this) {
      if (!closed) {
        if (tasks == null) tasks = new ArrayList<>(2);
        tasks.removeIf(ScheduledFuture::isDone); // Keep the list as short as the live tasks.
        tasks.add(future);
        return future;
      }
    }
    future.cancel(false);
    return future;
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "scheduled stream task failed; it will not run again", e);
        throw e;
      }
    };
  }

  /** Tasks scheduled and not yet finished; for tests. */
  synchronized int liveTasks() {
    if (tasks == null) return 0;
    tasks.removeIf(ScheduledFuture::isDone);
    return tasks.size();
  }

  // Channel events: this stream is the last handler of its channel.

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    ReferenceCountUtil.release(message); // A client has nothing more to say on an event stream.
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (channel.isWritable()) {
      backlogEvents = 0;
      backlogBytes = 0;
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    markClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.DEBUG, "event stream to {0} failed: {1}", remote(), cause.toString());
    markClosed();
    channel.close();
  }

  private Object remote() {
    Channel connection = http2 && channel.parent() != null ? channel.parent() : channel;
    return connection.remoteAddress();
  }

  @Override
  public String toString() {
    return "SseStream{" + remote() + (closed ? ", closed}" : ", open}");
  }
}
