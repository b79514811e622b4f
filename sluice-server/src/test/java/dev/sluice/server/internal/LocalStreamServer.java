package dev.sluice.server.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalServerChannel;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: an in-JVM (local transport) server on which every accepted connection is an open
 * {@link NettySseStream} of one {@link LoopStreams}, with the event writes and flushes that reach
 * its outbound pipeline counted.
 */
final class LocalStreamServer {
  private LocalStreamServer() {}

  /** The server side of one connection: its stream and what reached its outbound pipeline. */
  static final class Connection extends ChannelDuplexHandler {
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();
    NettySseStream stream;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (((ByteBuf) msg).isReadable()) writes.incrementAndGet(); // A close's empty buffer is no event.
      ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      flushes.incrementAndGet();
      ctx.flush();
    }
  }

  /** Binds a new local address; each accepted connection's {@link Connection} goes to {@code accepted}. */
  static LocalAddress bind(EventLoopGroup group, LoopStreams streams, ServerCounters counters,
      Queue<Connection> accepted) {
    LocalAddress address = new LocalAddress("streams-" + System.nanoTime());
    new ServerBootstrap().group(group).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            Connection connection = new Connection();
            connection.stream = new NettySseStream(channel, streams, false);
            channel.pipeline().addLast(connection, connection.stream);
            counters.tryReserveStream(Long.MAX_VALUE);
            connection.stream.open();
            accepted.add(connection);
          }
        }).bind(address).syncUninterruptibly();
    return address;
  }
}
