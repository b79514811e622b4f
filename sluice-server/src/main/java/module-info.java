/**
 * An embeddable Server-Sent Events server on Netty. {@code dev.sluice.server.internal} (the Netty
 * handlers) is not exported.
 */
module dev.sluice.server {
  requires transitive dev.sluice.core; // Streams send ServerSentEvents.
  requires transitive io.netty.buffer; // EncodedEvent.content() is a ByteBuf.
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.codec.http2;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.classes.io_uring;
  requires io.netty.transport.unix.common;
  requires jdk.management; // The open-file limit, to keep connections below it.

  exports dev.sluice.server;
}
