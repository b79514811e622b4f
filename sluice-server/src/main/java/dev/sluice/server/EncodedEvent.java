package dev.sluice.server;

import dev.sluice.EventEncoder;
import dev.sluice.ServerSentEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One event encoded once into a pooled direct buffer, to be sent to many streams without encoding or
 * copying it again: the fan-out primitive.
 *
 * <h3>Ownership</h3>
 * The buffer is reference-counted. {@link #of} returns an instance holding one reference, owned by
 * the caller. Every stream it is sent to takes its own reference (a retained duplicate) and releases
 * it once written, so the caller releases its reference ({@link #release()} or {@link #close()}) as
 * soon as it has handed the event to every stream; it need not wait for the writes.
 *
 * <pre>{@code
 * try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of("tick"))) {
 *   Fanout.send(event, subscribers);
 * } // Our reference released; each stream keeps its own until written.
 * }</pre>
 *
 * <p>Thread-safe: send, retain and release from any thread.
 */
public final class EncodedEvent implements AutoCloseable {
  private final ByteBuf content;

  private EncodedEvent(ByteBuf content) {
    this.content = content;
  }

  /** Encodes {@code event} into a new pooled direct buffer. The caller owns the returned reference. */
  public static EncodedEvent of(ServerSentEvent event) {
    int length = EventEncoder.encodedLength(event);
    ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(length, length);
    try {
      if (buffer.nioBufferCount() == 1) {
        EventEncoder.encode(event, buffer.internalNioBuffer(0, length));
      } else {
        buffer.setBytes(0, EventEncoder.encode(event));
      }
      buffer.writerIndex(length);
      EncodedEvent result = new EncodedEvent(buffer);
      buffer = null; // Ownership transferred to the EncodedEvent.
      return result;
    } finally {
      if (buffer != null) buffer.release();
    }
  }

  /** The encoded size in bytes. */
  public int length() {
    return content.readableBytes();
  }

  /**
   * The encoded bytes, for writing to a channel of your own. Do not modify or release it; write
   * {@code content().retainedDuplicate()} and let the channel release that.
   */
  public ByteBuf content() {
    return content;
  }

  /** Takes one more reference, for another owner who will {@link #release()} it. */
  public EncodedEvent retain() {
    content.retain();
    return this;
  }

  /** Gives up one reference; the buffer returns to the pool when the last one is gone. */
  public boolean release() {
    return content.release();
  }

  /** The number of references held. Zero once released. */
  public int refCnt() {
    return content.refCnt();
  }

  /** Same as {@link #release()}. */
  @Override
  public void close() {
    content.release();
  }

  @Override
  public String toString() {
    return "EncodedEvent{" + content.readableBytes() + " bytes, refCnt=" + content.refCnt() + '}';
  }
}
