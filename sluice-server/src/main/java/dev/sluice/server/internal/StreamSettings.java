package dev.sluice.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * What every stream of one server shares: the queue bounds and the counters. Kept out of the
 * streams so each stream stays a few dozen bytes. Immutable apart from the counters.
 */
final class StreamSettings {
  /** The heartbeat: an empty comment line and the blank line that ends the block. */
  static final ByteBuf HEARTBEAT = Unpooled.unreleasableBuffer(
      Unpooled.directBuffer(3).writeBytes(":\n\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

  final int maxQueuedBytes;
  final int maxQueuedEvents;
  final ServerCounters counters;
  /** Whether streams may write straight to their sockets: {@link SocketShortcut}. */
  final boolean directSocketWrites;

  StreamSettings(int maxQueuedBytes, int maxQueuedEvents, ServerCounters counters) {
    this(maxQueuedBytes, maxQueuedEvents, counters, false);
  }

  StreamSettings(int maxQueuedBytes, int maxQueuedEvents, ServerCounters counters, boolean directSocketWrites) {
    this.maxQueuedBytes = maxQueuedBytes;
    this.maxQueuedEvents = maxQueuedEvents;
    this.counters = counters;
    this.directSocketWrites = directSocketWrites;
  }
}
