package dev.sluice.server.internal;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Native epoll when the platform has it (fewer syscalls and copies), NIO otherwise. */
record Transport(IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel, boolean isNative) {
  static Transport choose(boolean preferNative) {
    if (preferNative && Epoll.isAvailable()) {
      return new Transport(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, true);
    }
    return new Transport(NioIoHandler.newFactory(), NioServerSocketChannel.class, false);
  }
}
