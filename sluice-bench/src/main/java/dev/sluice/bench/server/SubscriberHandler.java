package dev.sluice.bench.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * One subscriber connection: sends {@code GET path}, skips the response head (which must be 200),
 * then checks every {@link BenchEvents} frame: each must match the template and carry the next
 * sequence number, so a lost, repeated, reordered or corrupted event is counted as an error.
 * Heartbeat comments ({@code ":\n\n"}) between frames are skipped.
 *
 * <p>Event-loop only, apart from {@link #expected} (read by the checker at the end).
 */
final class SubscriberHandler extends ChannelInboundHandlerAdapter {
  private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

  private final String path;
  private final Stats stats;
  private final byte[] frame = new byte[BenchEvents.SIZE];
  private int framed; // Bytes of the current frame received so far.
  private int heartbeatBytes; // Inside a heartbeat: how many of its bytes were seen.
  private boolean headDone;
  private int headMatched; // Bytes of HEAD_END matched so far.
  private final StringBuilder statusLine = new StringBuilder();
  volatile long expected; // The next sequence number this connection should receive.

  /** What all connections of one process count. Thread-safe. */
  static final class Stats {
    final LongAdder events = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder opened = new LongAdder();
    volatile String firstError;

    void error(String message) {
      if (firstError == null) firstError = message;
      errors.increment();
    }
  }

  SubscriberHandler(String path, Stats stats) {
    this.path = path;
    this.stats = stats;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ByteBuf request = ctx.alloc().buffer();
    request.writeCharSequence("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
        StandardCharsets.US_ASCII);
    ctx.writeAndFlush(request); // Ownership transferred to the channel.
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    ByteBuf in = (ByteBuf) message;
    try {
      if (!headDone) readHead(in);
      while (in.isReadable()) readBody(in);
    } finally {
      in.release(); // We were the last handler: ours to release.
    }
  }

  private void readHead(ByteBuf in) {
    while (in.isReadable() && !headDone) {
      byte b = in.readByte();
      if (statusLine.length() < 64 && b != '\r' && b != '\n' && headMatched == 0) statusLine.append((char) b);
      headMatched = b == HEAD_END[headMatched] ? headMatched + 1 : (b == '\r' ? 1 : 0);
      if (headMatched == HEAD_END.length) {
        headDone = true;
        if (statusLine.indexOf(" 200 ") < 0) stats.error("status line: " + statusLine);
        stats.opened.increment();
      }
    }
  }

  private void readBody(ByteBuf in) {
    if (framed == 0 && (heartbeatBytes > 0 || in.getByte(in.readerIndex()) == ':')) {
      byte b = in.readByte();
      if (b != HEARTBEAT[heartbeatBytes]) stats.error("bad heartbeat byte " + b);
      heartbeatBytes = (heartbeatBytes + 1) % HEARTBEAT.length;
      return;
    }
    int n = Math.min(in.readableBytes(), BenchEvents.SIZE - framed);
    in.readBytes(frame, framed, n);
    framed += n;
    if (framed < BenchEvents.SIZE) return;
    framed = 0;
    long sequence = BenchEvents.sequenceOf(frame);
    long want = expected;
    if (sequence != want) {
      stats.error(sequence < 0 ? "corrupt frame: " + new String(frame, StandardCharsets.US_ASCII)
          : "expected event " + want + ", got " + sequence);
      if (sequence < 0) return;
    }
    expected = sequence + 1;
    stats.events.increment();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stats.error("connection closed by the server after " + expected + " events");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    stats.error("connection failed: " + cause);
    ctx.close();
  }
}
