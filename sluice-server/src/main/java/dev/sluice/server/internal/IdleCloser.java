package dev.sluice.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes an HTTP/2 connection that has been silent for the idle timeout (event streams with
 * heartbeats are never silent that long) and, at shutdown, closes it gracefully with GOAWAY.
 */
final class IdleCloser extends ChannelInboundHandlerAdapter {
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent || event == ShutdownEvent.INSTANCE) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }
}
