package dev.sluice.server.internal;

import dev.sluice.server.Response;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a connection's aggregated requests one at a time, in order. Each request goes through
 * {@link RequestAdmission} (malformed input, shutdown), {@link RouteDecision} (CORS preflight,
 * 404/405) and {@link HandlerRunner} (the handler, in its style); its answer is written here, or
 * handed to {@link StreamStarter} for an event stream, once {@link StreamReservations} admits it.
 *
 * <p>One instance per HTTP/1.1 connection, or per HTTP/2 stream. HTTP/1.1 requests are answered in
 * order: while one is in progress reading stops, and requests already decoded wait in a small queue.
 * After an answer that closes the connection, nothing more is read or answered.
 *
 * <p>Pipeline: {@code ... -> HttpServerCodec (or Http2StreamFrameToHttpObjectCodec) ->
 * BodyLimitAggregator -> RequestHandler}.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(RequestHandler.class.getName());
  /** Pipelined requests decoded while one is in progress; more closes the connection. */
  private static final int MAX_PIPELINED = 16;

  private final ServerState server;
  private final boolean http2;
  private boolean busy; // Event-loop only: a request is being answered.
  private boolean closing; // Event-loop only: an answer that closes the connection was written.
  private ArrayDeque<FullHttpRequest> pipelined; // Event-loop only; null until needed.

  RequestHandler(ServerState server, boolean http2) {
    this.server = server;
    this.http2 = http2;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (!(message instanceof FullHttpRequest) || closing) {
      ReferenceCountUtil.release(message); // Nothing more is answered on a closing connection.
      return;
    }
    FullHttpRequest request = (FullHttpRequest) message;
    if (busy) {
      if (pipelined == null) pipelined = new ArrayDeque<>(4);
      if (pipelined.size() >= MAX_PIPELINED) {
        request.release();
        ctx.close();
        return;
      }
      pipelined.add(request); // Ownership kept by the queue until served or the channel closes.
      return;
    }
    serve(ctx, request);
  }

  /** Serves {@code message} and releases it. */
  private void serve(ChannelHandlerContext ctx, FullHttpRequest message) {
    RequestAdmission.Result admission;
    try {
      admission = RequestAdmission.admit(server, message, ctx.channel(), http2);
    } finally {
      message.release(); // Admitted requests are heap copies.
    }
    if (admission instanceof RequestAdmission.Refused refused) {
      writeError(ctx, refused.status(), refused.message(), refused.headers(), refused.head(), false);
      return;
    }
    RequestAdmission.Admitted admitted = (RequestAdmission.Admitted) admission;
    RouteDecision.Decision decision = RouteDecision.decide(server, admitted);
    if (decision instanceof RouteDecision.Reply reply) {
      if (reply.message() == null) {
        writeResponse(ctx, Response.status(reply.status()), reply.headers(), admitted.keepAlive(), false);
      } else {
        writeError(ctx, reply.status(), reply.message(), reply.headers(), admitted.head(), admitted.keepAlive());
      }
      return;
    }
    RouteDecision.Handle handle = (RouteDecision.Handle) decision;
    busy = true;
    if (!http2) ctx.channel().config().setAutoRead(false); // Answer in order; read on when done.
    HandlerRunner.run(handle.handler(), admitted.request(), ctx.executor(), server.handlerExecutor,
        (response, keepConnection) -> completeOrClose(ctx, admitted, response, handle.corsHeaders(),
            keepConnection && admitted.keepAlive()));
  }

  /**
   * {@link #complete}, where a throw would otherwise vanish into a completion stage and leave the
   * connection waiting (reads paused) forever: log it and close instead.
   */
  private void completeOrClose(ChannelHandlerContext ctx, RequestAdmission.Admitted admitted, Response response,
      List<Map.Entry<String, String>> corsHeaders, boolean keepAlive) {
    try {
      complete(ctx, admitted.head(), response, corsHeaders, keepAlive);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, "could not write the answer to " + admitted.request() + "; closing the connection", e);
      busy = false;
      ctx.close();
    }
  }

  /** Writes the handler's answer, or starts its event stream, then serves the next request. Event-loop only. */
  private void complete(ChannelHandlerContext ctx, boolean head, Response response,
      List<Map.Entry<String, String>> corsHeaders, boolean keepAlive) {
    if (!ctx.channel().isActive()) {
      busy = false;
      return;
    }
    if (response.isEventStream()) {
      Optional<Response> refusal = head ? Optional.empty() : StreamReservations.reserve(server);
      if (refusal.isEmpty()) {
        releasePipelined(); // Nothing follows an endless response.
        StreamStarter.start(ctx, server, response, corsHeaders, http2, head); // Owns the reservation.
        return;
      }
      response = refusal.get();
      keepAlive = false;
    }
    boolean keep = writeResponse(ctx, response, corsHeaders, keepAlive, head);
    busy = false;
    if (!keep || http2) return;
    if (pipelined != null && !pipelined.isEmpty()) {
      serve(ctx, pipelined.poll());
    } else {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Writes {@code response} with {@code extra} headers; returns whether the connection stays open. */
  private boolean writeResponse(ChannelHandlerContext ctx, Response response, List<Map.Entry<String, String>> extra,
      boolean keepAlive, boolean head) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
    headers.addAll(extra);
    boolean keep = keepAlive && !server.stopping;
    // Ownership of the response transferred to the channel.
    Responses.send(ctx, Responses.full(ctx, response.status(), headers, response.body(), head), keep, http2);
    if (!keep) closing = true;
    return keep;
  }

  private void writeError(ChannelHandlerContext ctx, int status, String message,
      List<Map.Entry<String, String>> headers, boolean head, boolean keepAlive) {
    boolean keep = keepAlive && !server.stopping;
    // Ownership of the response transferred to the channel.
    Responses.send(ctx, Responses.plain(ctx, status, message, headers, head), keep, http2);
    if (!keep) closing = true;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof RequestTimer.RequestTimeoutEvent timeout) {
      if (busy || !timeout.partial || closing) {
        ctx.close(); // Nothing sent to answer, or an answer under way that a 408 would cut into.
      } else {
        writeError(ctx, 408, "Request Timeout", List.of(), false, false);
      }
      return;
    }
    if (event instanceof IdleStateEvent || event == ShutdownEvent.INSTANCE) {
      if (!busy) ctx.close(); // An idle keep-alive connection, or shutdown: nothing is lost.
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releasePipelined();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releasePipelined();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.DEBUG, "connection failed: {0}", cause.toString());
    ctx.close();
  }

  private void releasePipelined() {
    if (pipelined == null) return;
    FullHttpRequest request;
    while ((request = pipelined.poll()) != null) request.release();
  }
}
