package dev.sluice.server.internal;

import dev.sluice.server.HttpHandler;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Response;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * Answers aggregated requests: limits and malformed input, CORS, routing, running the handler (on
 * the loop or the handler executor) and writing its response, or handing over to
 * {@link StreamStarter} for event streams.
 *
 * <p>One instance per HTTP/1.1 connection, or per HTTP/2 stream. HTTP/1.1 requests are answered in
 * order: while one is in progress reading stops, and requests already decoded wait in a small queue.
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
  private boolean busy; // Event-loop only.
  private ArrayDeque<FullHttpRequest> pipelined; // Event-loop only; null until needed.

  RequestHandler(ServerState server, boolean http2) {
    this.server = server;
    this.http2 = http2;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (!(message instanceof FullHttpRequest)) {
      ReferenceCountUtil.release(message);
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
    boolean head = message.method().name().equals("HEAD");
    NettyRequest request;
    boolean keepAlive;
    String origin;
    String requestedMethod;
    try {
      DecoderResult result = message.decoderResult();
      if (!result.isSuccess()) {
        rejectMalformed(ctx, result.cause(), head);
        return;
      }
      if (isRejected(ctx.channel()) || server.stopping) {
        if (isRejected(ctx.channel())) server.counters.rejectedConnections.increment();
        writeError(ctx, 503, "Service Unavailable: try again later",
            List.of(Map.entry("retry-after", ServerState.RETRY_AFTER_SECONDS)), head, false);
        return;
      }
      keepAlive = !http2 && HttpUtil.isKeepAlive(message);
      origin = message.headers().get(HttpHeaderNames.ORIGIN);
      requestedMethod = message.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
      try {
        request = NettyRequest.copyOf(message, protocol(message), remoteAddress(ctx.channel()));
      } catch (IllegalArgumentException e) {
        writeError(ctx, 400, "Bad Request: " + e.getMessage(), List.of(), head, false);
        return;
      }
    } finally {
      message.release();
    }
    route(ctx, request, keepAlive, origin, requestedMethod, head);
  }

  private void route(ChannelHandlerContext ctx, NettyRequest request, boolean keepAlive, String origin,
      String requestedMethod, boolean head) {
    String method = request.method();
    if (CorsPolicy.isPreflight(method, origin, requestedMethod) && server.cors.enabled()) {
      Optional<List<Map.Entry<String, String>>> allowed = server.cors.preflight(origin);
      if (allowed.isPresent()) {
        writeResponse(ctx, Response.status(204), allowed.get(), keepAlive, false);
      } else {
        writeError(ctx, 403, "Forbidden: origin not allowed", List.of(), false, keepAlive);
      }
      return;
    }
    Optional<Map<String, HttpHandler>> methods = server.router.find(request.path());
    if (methods.isEmpty()) {
      writeError(ctx, 404, "Not Found", List.of(), head, keepAlive);
      return;
    }
    Optional<HttpHandler> handler = Router.handlerFor(methods.get(), method);
    if (handler.isEmpty()) {
      List<Map.Entry<String, String>> allow = List.of(Map.entry("allow", Router.allow(methods.get())));
      if (method.equals("OPTIONS")) {
        writeResponse(ctx, Response.status(204), allow, keepAlive, false);
      } else {
        writeError(ctx, 405, "Method Not Allowed", allow, head, keepAlive);
      }
      return;
    }
    List<Map.Entry<String, String>> corsHeaders = server.cors.responseHeaders(origin);
    busy = true;
    if (!http2) ctx.channel().config().setAutoRead(false); // Answer in order; read on when done.
    if (handler.get() instanceof AsyncRoute async) {
      invokeAsync(async, request).whenComplete((response, failure) -> {
        Response answer = failure == null ? response : failureResponse(request, unwrap(failure));
        if (ctx.executor().inEventLoop()) {
          completeOrClose(ctx, request, answer, corsHeaders, keepAlive, head);
          return;
        }
        try {
          ctx.executor().execute(() -> completeOrClose(ctx, request, answer, corsHeaders, keepAlive, head));
        } catch (RejectedExecutionException e) {
          // The server stopped and its channels are closed: nobody is left to answer.
        }
      });
    } else if (server.handlerExecutor == null) {
      complete(ctx, request, invoke(handler.get(), request), corsHeaders, keepAlive, head);
    } else {
      try {
        server.handlerExecutor.execute(() -> {
          Response response = invoke(handler.get(), request);
          ctx.executor().execute(() -> complete(ctx, request, response, corsHeaders, keepAlive, head));
        });
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "handler executor refused a request", e);
        complete(ctx, request, Response.text(503, "Service Unavailable\n"), corsHeaders, false, head);
      }
    }
  }

  /**
   * {@link #complete} for an answer that arrives through a stage, where a throw would vanish into the
   * stage and leave the connection waiting (reads paused) forever: log it and close instead.
   */
  private void completeOrClose(ChannelHandlerContext ctx, NettyRequest request, Response response,
      List<Map.Entry<String, String>> corsHeaders, boolean keepAlive, boolean head) {
    try {
      complete(ctx, request, response, corsHeaders, keepAlive, head);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, "could not write the answer to " + request + "; closing the connection", e);
      busy = false;
      ctx.close();
    }
  }

  /** Runs the handler; never throws: failures become error responses. */
  private static Response invoke(HttpHandler handler, NettyRequest request) {
    try {
      Response response = handler.handle(request);
      if (response == null) throw new NullPointerException("handler returned null");
      return response;
    } catch (Exception | Error e) {
      return failureResponse(request, e);
    }
  }

  /** Runs an asynchronous handler; never throws: a failure to start becomes a completed error. */
  private static CompletionStage<Response> invokeAsync(AsyncRoute route, NettyRequest request) {
    try {
      CompletionStage<Response> stage = route.handler().handle(request);
      if (stage == null) throw new NullPointerException("handler returned null");
      return stage.thenApply(response -> {
        if (response == null) throw new NullPointerException("handler completed with null");
        return response;
      });
    } catch (Exception | Error e) {
      return CompletableFuture.completedFuture(failureResponse(request, e));
    }
  }

  /** The answer to a handler's failure: its own status for {@link HttpStatusException}, else 500. */
  private static Response failureResponse(NettyRequest request, Throwable failure) {
    if (failure instanceof HttpStatusException e) {
      Response response = Response.text(e.status(), e.getMessage() + "\n");
      for (Map.Entry<String, String> header : e.headers().entrySet()) {
        response = response.withHeader(header.getKey(), header.getValue());
      }
      return response;
    }
    LOG.log(Level.ERROR, "handler failed for " + request, failure);
    return Response.text(500, "Internal Server Error\n");
  }

  private static Throwable unwrap(Throwable failure) {
    while (failure instanceof CompletionException && failure.getCause() != null) failure = failure.getCause();
    return failure;
  }

  /** Writes the handler's response. Event-loop only. */
  private void complete(ChannelHandlerContext ctx, NettyRequest request, Response response,
      List<Map.Entry<String, String>> corsHeaders, boolean keepAlive, boolean head) {
    if (!ctx.channel().isActive()) {
      busy = false;
      return;
    }
    if (response.isEventStream()) {
      Optional<Response> refusal = head ? Optional.empty() : reserveStream();
      if (refusal.isEmpty()) {
        releasePipelined();
        StreamStarter.start(ctx, server, response, corsHeaders, http2, head); // Owns the reservation.
        return;
      }
      response = refusal.get();
      keepAlive = false;
    }
    boolean keep = keepAlive && !server.stopping;
    List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
    headers.addAll(corsHeaders);
    Responses.send(ctx, Responses.full(ctx, response.status(), headers, response.body(), head), keep, http2);
    busy = false;
    if (!keep || http2) return;
    if (pipelined != null && !pipelined.isEmpty()) {
      serve(ctx, pipelined.poll());
    } else {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /**
   * Counts a new event stream against {@code maxStreams}, or returns the {@code 503} to answer
   * instead: past the limit, or when shutdown began while the handler ran (on the handler executor
   * it may finish after the open streams were told to come back later, so a stream opened now
   * would miss that {@code retry:} hint and hold shutdown until its deadline).
   */
  private Optional<Response> reserveStream() {
    String reason;
    if (server.stopping) {
      reason = "shutting down";
    } else if (server.counters.tryReserveStream(server.config.maxStreams())) {
      return Optional.empty();
    } else {
      reason = "too many event streams";
    }
    server.counters.rejectedStreams.increment();
    return Optional.of(Response.text(503, "Service Unavailable: " + reason + "\n")
        .withHeader("retry-after", ServerState.RETRY_AFTER_SECONDS));
  }

  private void writeResponse(ChannelHandlerContext ctx, Response response, List<Map.Entry<String, String>> extra,
      boolean keepAlive, boolean head) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
    headers.addAll(extra);
    Responses.send(ctx, Responses.full(ctx, response.status(), headers, response.body(), head),
        keepAlive && !server.stopping, http2);
  }

  private void writeError(ChannelHandlerContext ctx, int status, String message,
      List<Map.Entry<String, String>> headers, boolean head, boolean keepAlive) {
    Responses.send(ctx, Responses.plain(ctx, status, message, headers, head), keepAlive && !server.stopping, http2);
  }

  private void rejectMalformed(ChannelHandlerContext ctx, Throwable cause, boolean head) {
    if (cause instanceof TooLongHttpHeaderException) {
      writeError(ctx, 431, "Request Header Fields Too Large", List.of(), head, false);
    } else if (cause instanceof TooLongHttpLineException) {
      writeError(ctx, 414, "URI Too Long", List.of(), head, false);
    } else if (cause instanceof TooLongFrameException) {
      writeError(ctx, 431, "Request Header Fields Too Large", List.of(), head, false);
    } else {
      writeError(ctx, 400, "Bad Request: malformed HTTP", List.of(), false, false);
    }
  }

  private static boolean isRejected(Channel channel) {
    Channel connection = channel instanceof Http2StreamChannel ? channel.parent() : channel;
    return connection.hasAttr(ServerState.REJECTED);
  }

  private String protocol(FullHttpRequest message) {
    return http2 ? "HTTP/2" : message.protocolVersion().text();
  }

  private static InetSocketAddress remoteAddress(Channel channel) {
    Channel connection = channel instanceof Http2StreamChannel ? channel.parent() : channel;
    return (InetSocketAddress) connection.remoteAddress();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
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
