package dev.sluice.server.internal;

import dev.sluice.server.Response;
import dev.sluice.server.SseStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Turns a request's channel into an event stream: writes and flushes the response head, then strips
 * the pipeline down to TLS (if any) and the {@link NettySseStream}.
 *
 * <p>On HTTP/1.1 the body is delimited by closing the connection ({@code Connection: close}, no
 * chunking): no request can follow an endless response anyway, so the request decoder, aggregator
 * and idle timer are removed and events go to the socket as raw bytes, with no per-event framing
 * and no per-connection HTTP state. On HTTP/2 the stream's child channel keeps only the stream
 * handler and events are written as DATA frames.
 */
final class StreamStarter {
  private static final System.Logger LOG = System.getLogger(StreamStarter.class.getName());

  private StreamStarter() {}

  /** Event-loop only. Call from the request handler's context. */
  static void start(ChannelHandlerContext ctx, ServerState server, Response response,
      List<Map.Entry<String, String>> corsHeaders, boolean http2, boolean head) {
    Channel channel = ctx.channel();
    DefaultHttpResponse responseHead = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpHeaders headers = responseHead.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    headers.set("x-accel-buffering", "no");
    for (Map.Entry<String, String> header : response.headers()) headers.add(header.getKey(), header.getValue());
    for (Map.Entry<String, String> header : corsHeaders) headers.add(header.getKey(), header.getValue());
    if (!http2) headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (head) {
      // A HEAD request learns the headers; there is no stream to open.
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      Responses.send(ctx, new io.netty.handler.codec.http.DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.OK, io.netty.buffer.Unpooled.EMPTY_BUFFER, headers,
          io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE), false, http2);
      return;
    }
    ctx.writeAndFlush(responseHead); // Encoded now, by the codecs still in the pipeline.

    NettySseStream stream = new NettySseStream(channel, server.loopStreams(channel.eventLoop()), http2);
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addLast("sse-stream", stream);
    List<ChannelHandler> obsolete = new ArrayList<>();
    for (Map.Entry<String, ChannelHandler> entry : pipeline) {
      ChannelHandler handler = entry.getValue();
      if (handler != stream && !(handler instanceof SslHandler)) obsolete.add(handler);
    }
    for (ChannelHandler handler : obsolete) pipeline.remove(handler);
    stream.open();

    Consumer<SseStream> onOpen = response.streamOpener().orElseThrow();
    Executor executor = server.handlerExecutor;
    if (executor == null) {
      runOpener(onOpen, stream);
    } else {
      executor.execute(() -> runOpener(onOpen, stream));
    }
  }

  private static void runOpener(Consumer<SseStream> onOpen, NettySseStream stream) {
    try {
      onOpen.accept(stream);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "event stream handler failed; closing the stream", e);
      stream.close();
    }
  }
}
