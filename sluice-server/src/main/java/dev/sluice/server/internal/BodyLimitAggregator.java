package dev.sluice.server.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.util.List;

/**
 * Aggregates a request and its body up to the configured size, and answers a larger one with
 * {@code 413} and a short plain body (Netty's own answer has none), then closes: the rest of the
 * body is never read.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
  BodyLimitAggregator(int maxBodySize) {
    super(maxBodySize);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    FullHttpResponse response = Responses.plain(ctx, 413, "Content Too Large", List.of(), false);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
