package dev.sluice.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes an HTTP/2 connection that has had no open stream for the idle timeout and, at shutdown,
 * closes it gracefully with GOAWAY.
 *
 * <p>The idle timer sits before the frame codec and so sees every frame, but an event stream may
 * be silent for longer than the timeout (heartbeats off): open streams count as activity whatever
 * the timer saw.
 *
 * <p>Pipeline: {@code [TLS] -> IdleStateHandler -> Http2FrameCodec -> Http2MultiplexHandler -> IdleCloser}.
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
