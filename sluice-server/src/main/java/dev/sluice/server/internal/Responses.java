package dev.sluice.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Builds and writes complete (non-streaming) responses. Stateless. */
final class Responses {
  private Responses() {}

  /**
   * A complete response. {@code body} is copied into a new buffer that the returned message owns;
   * with {@code head} the length is announced but no body is sent.
   */
  static FullHttpResponse full(ChannelHandlerContext ctx, int status, List<Map.Entry<String, String>> headers,
      ByteBuffer body, boolean head) {
    int length = body.remaining();
    ByteBuf content = head || length == 0 ? Unpooled.EMPTY_BUFFER : ctx.alloc().buffer(length).writeBytes(body);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
    for (Map.Entry<String, String> header : headers) {
      response.headers().add(header.getKey(), header.getValue());
    }
    if (status != 204 && status != 304) response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    response.headers().set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
    return response;
  }

  /** A short plain-text response: the message and a line feed. */
  static FullHttpResponse plain(ChannelHandlerContext ctx, int status, String message,
      List<Map.Entry<String, String>> headers, boolean head) {
    List<Map.Entry<String, String>> all = new java.util.ArrayList<>(headers.size() + 1);
    all.add(Map.entry("content-type", "text/plain; charset=utf-8"));
    all.addAll(headers);
    ByteBuffer body = ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8));
    return full(ctx, status, all, body, head);
  }

  /**
   * Writes and flushes {@code response} (ownership transferred to the channel) and closes the
   * connection after it when {@code keepAlive} is false (HTTP/1.1 only; an HTTP/2 stream ends with
   * its response anyway).
   */
  static ChannelFuture send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive, boolean http2) {
    if (!http2) {
      response.headers().set(HttpHeaderNames.CONNECTION,
          keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }
    ChannelFuture future = ctx.writeAndFlush(response);
    if (!keepAlive && !http2) future.addListener(ChannelFutureListener.CLOSE);
    return future;
  }

  /** The reason phrase of a status, used as the body of errors that have nothing more to say. */
  static String reason(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }
}
