package dev.sluice.server.internal;

import dev.sluice.server.IoTransport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The transport a server runs on, resolved from the wanted {@link IoTransport}: for {@code AUTO}
 * io_uring, else epoll, else NIO; a named transport must be available.
 */
record Transport(IoTransport kind, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {
  static Transport choose(IoTransport wanted) {
    switch (wanted) {
      case AUTO:
        if (IoUring.isAvailable()) return ioUring();
        if (Epoll.isAvailable()) return epoll();
        return nio();
      case IO_URING:
        if (!IoUring.isAvailable()) throw unavailable(wanted, IoUring.unavailabilityCause());
        return ioUring();
      case EPOLL:
        if (!Epoll.isAvailable()) throw unavailable(wanted, Epoll.unavailabilityCause());
        return epoll();
      case NIO:
        return nio();
      default:
        throw new AssertionError(wanted);
    }
  }

  boolean isNative() {
    return kind != IoTransport.NIO;
  }

  private static Transport ioUring() {
    return new Transport(IoTransport.IO_URING, IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
  }

  private static Transport epoll() {
    return new Transport(IoTransport.EPOLL, EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
  }

  private static Transport nio() {
    return new Transport(IoTransport.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class);
  }

  private static IllegalStateException unavailable(IoTransport wanted, Throwable cause) {
    String reason = cause == null ? "unknown reason" : String.valueOf(cause.getMessage());
    return new IllegalStateException("the " + wanted.label() + " I/O transport is not available here ("
        + reason + "); choose auto, epoll or nio", cause);
  }
}
