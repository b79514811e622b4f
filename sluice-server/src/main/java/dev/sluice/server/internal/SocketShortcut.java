package dev.sluice.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes an event straight to an idle connection's socket, skipping the pipeline and the outbound
 * buffer, when nothing is queued before it: the common case for an event stream whose client keeps
 * up.
 *
 * <h3>Why</h3>
 * A fan-out writes the same few bytes to thousands of connections. Through the channel each costs
 * a pipeline write (an outbound-buffer entry and a retained duplicate), a place on the loop's flush
 * list and a pipeline flush, before the one {@code write(2)} that does the work; profiles of the hub
 * put that bookkeeping, and the garbage-collector work of re-pointing old objects it causes, at
 * about as much CPU as the system call itself. Here a delivery is the system call alone, made as
 * soon as the drain reaches the stream instead of after the whole fan-out has been written.
 *
 * <h3>When</h3>
 * Only for a plain-text HTTP/1.1 event stream on the native epoll transport (the channel then holds
 * nothing but raw event bytes), only on the channel's event loop, and only while the channel is
 * active with nothing pending in its outbound buffer, so bytes can never overtake earlier ones.
 * Whatever the socket does not take (its send buffer is full) goes through the channel as usual, so
 * from then on Netty's buffering, writability and backpressure apply unchanged. A socket error is
 * left to the channel too: the caller writes the bytes through it and Netty fails and closes the
 * channel the usual way.
 *
 * <h3>Off by default</h3>
 * Turned on with {@code SseServer.Builder.directSocketWrites(true)}. At 10,000 subscribers and 9
 * events/s, with the load generator on the same two cores, it cut the hub's CPU from about 95 to
 * 70 % of a core and the median latency by about a sixth, but p99 rose from 196–338 ms (eight runs)
 * to 290–484 ms (twelve runs; docs/benchmarks.md), so it is not the default.
 */
final class SocketShortcut {
  private SocketShortcut() {}

  /** The socket to write to directly for a stream on {@code channel}, or null if it must not be. */
  static FileDescriptor socketFor(Channel channel, boolean http2) {
    if (http2 || !(channel instanceof EpollSocketChannel)) return null;
    if (channel.pipeline().get(SslHandler.class) != null) return null; // Bytes must be encrypted.
    return ((EpollSocketChannel) channel).fd();
  }

  /**
   * Writes what the socket takes of {@code buffer} now, advancing its reader index past it; the
   * buffer stays the caller's. Event-loop only.
   *
   * @return true if all of it was written; false if any is left, to be written through the channel
   *     (nothing is written when bytes are already pending, the channel is closing, or on error)
   */
  static boolean write(Channel channel, FileDescriptor socket, ByteBuf buffer) {
    ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
    // Every stream write carries bytes, so no pending bytes means no pending writes. The channel is
    // closed only on this loop, so the descriptor cannot be closed (and its number reused) under us.
    if (pending == null || pending.totalPendingWriteBytes() != 0 || !channel.isActive()) return false;
    int from = buffer.readerIndex();
    int to = buffer.writerIndex();
    try {
      int written;
      if (buffer.hasMemoryAddress()) {
        written = socket.writeAddress(buffer.memoryAddress(), from, to);
      } else if (buffer.isDirect() && buffer.nioBufferCount() == 1) {
        ByteBuffer nio = buffer.internalNioBuffer(from, to - from);
        written = socket.write(nio, nio.position(), nio.limit());
      } else {
        return false;
      }
      buffer.readerIndex(from + written);
      return written == to - from;
    } catch (IOException e) {
      return false; // The channel's own write meets the same error and closes the channel.
    }
  }
}
