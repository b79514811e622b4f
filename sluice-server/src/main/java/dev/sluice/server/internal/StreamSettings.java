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

  StreamSettings(int maxQueuedBytes, int maxQueuedEvents, ServerCounters counters) {
    this.maxQueuedBytes = maxQueuedBytes;
    this.maxQueuedEvents = maxQueuedEvents;
    this.counters = counters;
  }
}
