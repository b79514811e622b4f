package dev.sluice.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.EncodedEvent;
import dev.sluice.server.Fanout;
import dev.sluice.server.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class NettySseStreamTest {
  private final ServerCounters counters = new ServerCounters();

  private NettySseStream openStream(EmbeddedChannel channel, int maxBytes, int maxEvents) {
    LoopStreams loop = new LoopStreams(channel.eventLoop(), new StreamSettings(maxBytes, maxEvents, counters));
    NettySseStream stream = new NettySseStream(channel, loop, false);
    channel.pipeline().addLast(stream);
    counters.tryReserveStream(Long.MAX_VALUE); // As the request handler does before a stream opens.
    stream.open();
    return stream;
  }

  private static String readAll(EmbeddedChannel channel) {
    StringBuilder text = new StringBuilder();
    for (ByteBuf buffer; (buffer = channel.readOutbound()) != null; ) {
      text.append(buffer.toString(StandardCharsets.UTF_8));
      buffer.release();
    }
    return text.toString();
  }

  @Test
  void writesEventsInOrderAndFlushesThemFromTheLoop() {
    EmbeddedChannel channel = new EmbeddedChannel();
    NettySseStream stream = openStream(channel, 1 << 20, 1000);
    stream.send(ServerSentEvent.of("a"));
    stream.send(ServerSentEvent.of("b"));
    channel.runPendingTasks();
    assertThat(readAll(channel)).isEqualTo("data: a\n\ndata: b\n\n");
    assertThat(counters.deliveries()).isEqualTo(2);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  /** A client that stops reading: the channel reports itself unwritable, as a full socket would. */
  private static void setClientReading(EmbeddedChannel channel, boolean reading) {
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, reading);
  }

  @Test
  void closesTheStreamWhenTheBacklogPastTheWatermarkExceedsItsBound() {
    EmbeddedChannel channel = new EmbeddedChannel();
    NettySseStream stream = openStream(channel, 1 << 20, 3);
    AtomicInteger closed = new AtomicInteger();
    stream.onClose(closed::incrementAndGet);
    stream.send(ServerSentEvent.of("before"));
    setClientReading(channel, false);
    for (int i = 0; i < 3; i++) assertThat(stream.send(ServerSentEvent.of("queued"))).isTrue();
    assertThat(stream.send(ServerSentEvent.of("one too many"))).isFalse();
    assertThat(stream.isOpen()).isFalse();
    assertThat(closed).hasValue(1);
    assertThat(counters.slowStreamCloses()).isEqualTo(1);
    assertThat(counters.openStreams()).isZero();
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void forgivesTheBacklogOnceTheChannelDrains() {
    EmbeddedChannel channel = new EmbeddedChannel();
    NettySseStream stream = openStream(channel, 1 << 20, 2);
    for (int round = 0; round < 5; round++) {
      setClientReading(channel, false);
      assertThat(stream.send(ServerSentEvent.of("x"))).isTrue();
      assertThat(stream.send(ServerSentEvent.of("y"))).isTrue();
      setClientReading(channel, true); // The client reads again: the backlog is forgiven.
      channel.runPendingTasks();
      assertThat(readAll(channel)).isEqualTo("data: x\n\ndata: y\n\n");
    }
    assertThat(stream.isOpen()).isTrue();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void fanOutWritesRetainedDuplicatesAndLeavesTheCallersReference() {
    EmbeddedChannel first = new EmbeddedChannel();
    EmbeddedChannel second = new EmbeddedChannel();
    NettySseStream a = openStream(first, 1 << 20, 10);
    NettySseStream b = openStream(second, 1 << 20, 10);
    EncodedEvent event = EncodedEvent.of(ServerSentEvent.of("shared"));
    assertThat(Fanout.send(event, List.of(a, b))).isEqualTo(2);
    first.runPendingTasks();
    second.runPendingTasks();
    assertThat(readAll(first)).isEqualTo("data: shared\n\n");
    assertThat(readAll(second)).isEqualTo("data: shared\n\n");
    assertThat(event.refCnt()).as("only the caller's reference is left").isEqualTo(1);
    event.close();
    assertThat(event.refCnt()).isZero();
    assertThat(first.finishAndReleaseAll()).isFalse();
    assertThat(second.finishAndReleaseAll()).isFalse();
  }

  @Test
  void heartbeatsOnlyStreamsSilentForAnInterval() {
    EmbeddedChannel channel = new EmbeddedChannel();
    NettySseStream stream = openStream(channel, 1 << 20, 10);
    LoopStreams loop = stream.loopStreams();
    loop.tick++; // Half-interval sweeps that find the stream recently written do nothing.
    loop.tick++;
    stream.send(ServerSentEvent.of("fresh"));
    channel.runPendingTasks();
    assertThat(readAll(channel)).isEqualTo("data: fresh\n\n");
    loop.tick += 3;
    stream.heartbeat();
    channel.runPendingTasks();
    assertThat(readAll(channel)).isEqualTo(":\n\n");
    assertThat(counters.heartbeats()).isEqualTo(1);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }
}
