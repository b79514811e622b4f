package dev.sluice.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes an HTTP/2 connection that has had no open stream for the idle timeout and, at shutdown,
 * closes it gracefully with GOAWAY.
 *
 * <p>Open streams count as activity whatever the idle timer saw: after {@code Upgrade: h2c} and
 * with TLS the timer sits behind the HTTP/2 handlers, where neither the streams' reads nor their
 * writes (heartbeats included) pass, so without this check every event stream would be cut off
 * after the idle timeout.
 */
final class IdleCloser extends ChannelInboundHandlerAdapter {
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == ShutdownEvent.INSTANCE || (event instanceof IdleStateEvent && !hasOpenStreams(ctx))) {
      ctx.close();
      return;
    }
    if (!(event instanceof IdleStateEvent)) ctx.fireUserEventTriggered(event);
  }

  private static boolean hasOpenStreams(ChannelHandlerContext ctx) {
    Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
    return codec != null && codec.connection().numActiveStreams() > 0;
  }
}
