package dev.sluice.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long one request may take to arrive: its head within the header timeout, and the whole
 * request, body included, within the request timeout, both counted from its first byte. Unlike the
 * idle timer, which every byte read resets, neither moves while a client drips a body one byte at a
 * time. A connection's first request is counted from the moment the connection is ready, so a
 * client that connects and says nothing is closed after the header timeout too.
 *
 * <p>When a deadline passes, {@link RequestTimeoutEvent} goes down the pipeline to the
 * {@link RequestHandler}, which answers {@code 408} and closes (or just closes, when the client sent
 * nothing or a request is still being answered).
 *
 * <p>Two handlers share one timer: {@link #bytes} before the HTTP/1.1 codec sees the first byte of
 * each request; {@link #messages} after it sees where the head and the body end. HTTP/2 streams use
 * {@link #messages} alone (a stream's head arrives in one frame). One scheduled task per request at
 * most: it fires at the header deadline and, if the head has arrived, moves itself to the request
 * deadline.
 *
 * <pre>
 * HTTP/1.1: [TLS] -> RequestTimer.bytes -> HttpServerCodec -> RequestTimer.messages -> idle -> aggregator -> request
 * HTTP/2 stream:     Http2StreamFrameToHttpObjectCodec -> RequestTimer.messages -> aggregator -> request
 * </pre>
 *
 * <p>Not thread-safe: everything runs on the channel's event loop.
 */
final class RequestTimer {
  /** Fired down the pipeline when a request took too long to arrive. */
  static final class RequestTimeoutEvent {
    static final RequestTimeoutEvent NOTHING_SENT = new RequestTimeoutEvent(false);
    static final RequestTimeoutEvent PARTIAL = new RequestTimeoutEvent(true);

    /** Whether part of a request arrived, so a {@code 408} is worth sending. */
    final boolean partial;

    private RequestTimeoutEvent(boolean partial) {
      this.partial = partial;
    }
  }

  private enum State { IDLE, AWAITING_HEAD, HEAD, BODY }

  private final long headerNanos;
  private final long requestNanos;
  private final ChannelInboundHandlerAdapter bytes = new Bytes();
  private final ChannelInboundHandlerAdapter messages = new Messages();

  // Event-loop only.
  private State state = State.IDLE;
  private long headDeadline;
  private long requestDeadline;
  private ScheduledFuture<?> timer;
  private ChannelHandlerContext messagesCtx;
  private boolean stopped; // The connection left HTTP/1.1 (h2c) or its handlers were removed.

  RequestTimer(long headerNanos, long requestNanos) {
    this.headerNanos = headerNanos;
    this.requestNanos = requestNanos;
  }

  /** Goes before the HTTP/1.1 codec. */
  ChannelInboundHandlerAdapter bytes() {
    return bytes;
  }

  /** Goes right after the codec that makes {@code HttpRequest}s. */
  ChannelInboundHandlerAdapter messages() {
    return messages;
  }

  /** A request begins: {@code awaiting} if no byte of it has arrived yet (a new connection). */
  private void begin(ChannelHandlerContext ctx, boolean awaiting) {
    long now = System.nanoTime();
    state = awaiting ? State.AWAITING_HEAD : State.HEAD;
    headDeadline = now + headerNanos;
    requestDeadline = now + requestNanos;
    schedule(ctx, Math.min(headerNanos, requestNanos));
  }

  private void schedule(ChannelHandlerContext ctx, long delayNanos) {
    cancel();
    timer = ctx.executor().schedule(this::check, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  private void check() {
    timer = null;
    if (stopped || state == State.IDLE || messagesCtx == null) return;
    long now = System.nanoTime();
    boolean headLate = (state == State.AWAITING_HEAD || state == State.HEAD) && now - headDeadline >= 0;
    if (headLate || now - requestDeadline >= 0) {
      boolean partial = state != State.AWAITING_HEAD;
      state = State.IDLE;
      messagesCtx.fireUserEventTriggered(partial ? RequestTimeoutEvent.PARTIAL : RequestTimeoutEvent.NOTHING_SENT);
      return;
    }
    long next = state == State.BODY ? requestDeadline : Math.min(headDeadline, requestDeadline);
    schedule(messagesCtx, next - now);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void stop() {
    stopped = true;
    state = State.IDLE;
    cancel();
  }

  /** Sees the first byte of each request, before the codec. */
  private final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      if (ctx.channel().isActive()) begin(ctx, true); // Added once the connection is ready (after TLS).
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (state == State.IDLE && !stopped) begin(ctx, true);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (!stopped && message instanceof ByteBuf buffer && buffer.isReadable()) {
        if (state == State.IDLE) {
          begin(ctx, false);
        } else if (state == State.AWAITING_HEAD) {
          state = State.HEAD; // Deadlines still count from when the connection was ready.
        }
      }
      ctx.fireChannelRead(message); // Ownership passes on unchanged.
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      stop();
    }
  }

  /** Sees where each request's head and body end, after the codec. */
  private final class Messages extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      messagesCtx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (!stopped) {
        boolean head = message instanceof HttpRequest;
        boolean last = message instanceof LastHttpContent;
        if (last) {
          state = State.IDLE; // Complete: the next request's clock starts at its first byte.
          cancel();
        } else if (head) {
          if (state == State.IDLE) {
            // No first byte seen for it (HTTP/2, or a pipelined request decoded from the same read).
            state = State.BODY;
            requestDeadline = System.nanoTime() + requestNanos;
            schedule(ctx, requestNanos);
          } else {
            state = State.BODY; // The task, due at the header deadline, moves on to the request deadline.
          }
        }
      }
      ctx.fireChannelRead(message); // Ownership passes on unchanged.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof HttpServerUpgradeHandler.UpgradeEvent
          || event instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
        stop(); // HTTP/2 now: its streams have timers of their own.
      }
      ctx.fireUserEventTriggered(event);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      stop();
    }
  }
}
