package dev.sluice.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.EncodedEvent;
import dev.sluice.server.Fanout;
import dev.sluice.server.internal.LocalStreamServer.Connection;
import dev.sluice.server.testing.FakeClock;
import dev.sluice.server.testing.LeakCheck;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loop inbox on real channels and a real event loop: events queued while the loop is busy are
 * merged, each connection gets one write per run of events and one flush per batch, and a thread's
 * sends and close keep their order.
 */
@ExtendWith(LeakCheck.class)
class LoopInboxTest {
  private static final long TIMEOUT_SECONDS = 10;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
  private final ServerCounters counters = new ServerCounters();
  private final BlockingQueue<Connection> accepted = new ArrayBlockingQueue<>(4);

  /** The client side: everything received, complete when the server closes. */
  private static final class Client extends ChannelInboundHandlerAdapter {
    final StringBuilder text = new StringBuilder(); // Event-loop only until ended completes.
    final CompletableFuture<String> ended = new CompletableFuture<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buffer = (ByteBuf) msg;
      text.append(buffer.toString(StandardCharsets.UTF_8));
      buffer.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ended.complete(text.toString());
    }
  }

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Client connect(LocalAddress address) {
    Client client = new Client();
    new Bootstrap().group(group).channel(LocalChannel.class).handler(client).connect(address).syncUninterruptibly();
    return client;
  }

  /** Keeps {@code loop} busy until the returned latch is counted down, so that sends queue up. */
  private static CountDownLatch hold(EventLoop loop) {
    CountDownLatch release = new CountDownLatch(1);
    loop.execute(() -> {
      try {
        release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return release;
  }

  /** Streams on {@code loop} whose clock advances one whole budget per read: every check finds it spent. */
  private static LoopStreams outOfTimeAtEveryClockRead(EventLoop loop, ServerCounters counters) {
    long budget = 1_000;
    FakeClock clock = new FakeClock().advanceOnEveryRead(java.time.Duration.ofNanos(budget));
    return new LoopStreams(loop, new StreamSettings(1 << 20, 10_000, counters),
        LoopStreams.DEFAULT_FLUSH_CHUNK, budget, clock::nanoTime);
  }

  private static String events(int from, int to) {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) text.append("data: ").append(i).append("\n\n");
    return text.toString();
  }

  @Test
  void mergesQueuedEventsIntoOneWriteAndOneFlushPerConnection() throws Exception {
    EventLoop loop = group.next();
    LoopStreams streams = new LoopStreams(loop, new StreamSettings(1 << 20, 1000, counters));
    LocalAddress address = LocalStreamServer.bind(group, streams, counters, accepted);
    Client clientA = connect(address);
    Client clientB = connect(address);
    Connection a = accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Connection b = accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    // Hold the loop so that everything below queues up and is drained as one batch.
    CountDownLatch release = hold(loop);
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        assertThat(a.stream.send(ServerSentEvent.of("5"))).isTrue(); // Only to A: B's run breaks here.
        continue;
      }
      try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of(Integer.toString(i)))) {
        assertThat(Fanout.send(event, List.of(a.stream, b.stream))).isEqualTo(2);
      }
    }
    b.stream.close(); // Queued behind B's events: they are written first.
    release.countDown();

    assertThat(clientB.ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(events(0, 5) + events(6, 10));
    a.stream.close();
    assertThat(clientA.ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(events(0, 10));
    assertThat(a.writes).as("one write for A's ten events").hasValue(1);
    assertThat(a.flushes).as("one flush for the batch (then one for the close)").hasValue(2);
    assertThat(b.writes).as("one write per run: events 0-4 and 6-9").hasValue(2);
    assertThat(counters.deliveries()).isEqualTo(19);
  }

  @Test
  void drainOutOfTimeGoesOnAfterIoWithEveryEventInOrderAndSegmentsBounded() throws Exception {
    EventLoop loop = group.next();
    LoopStreams streams = outOfTimeAtEveryClockRead(loop, counters); // Every drain stops after its first segment.
    LocalAddress address = LocalStreamServer.bind(group, streams, counters, accepted);
    Client client = connect(address);
    Connection a = accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    int total = 3 * LoopInbox.MAX_MERGED_EVENTS + 5;
    CountDownLatch release = hold(loop);
    for (int i = 0; i < total; i++) {
      try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of(Integer.toString(i)))) {
        assertThat(Fanout.send(event, List.of(a.stream))).isEqualTo(1);
      }
    }
    a.stream.close(); // Queued behind every event.
    release.countDown();

    assertThat(client.ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(events(0, total));
    assertThat(a.writes).as("one write per segment of at most MAX_MERGED_EVENTS, one drain each")
        .hasValue((total + LoopInbox.MAX_MERGED_EVENTS - 1) / LoopInbox.MAX_MERGED_EVENTS);
    assertThat(counters.deliveries()).isEqualTo(total);
  }

  @Test
  void aFanoutOutOfTimeStopsInsideItsSegmentAndFinishesItBeforeAnythingElse() throws Exception {
    // A merged segment (two small events) and two lone segments (events too large to merge), each
    // to more streams than one drain writes before its clock read says the budget is spent.
    assertResumedInOrder(List.of("a", "b"), 1);
    String large = "x".repeat(LoopInbox.MAX_MERGED_BYTES / 2 + 1);
    assertResumedInOrder(List.of("1" + large, "2" + large), 2);
  }

  private void assertResumedInOrder(List<String> data, int writesPerConnection) throws Exception {
    EventLoop loop = group.next();
    ServerCounters counted = new ServerCounters();
    LoopStreams streams = outOfTimeAtEveryClockRead(loop, counted); // A drain stops every 16 writes.
    int n = 3 * LoopInbox.WRITES_PER_CLOCK_READ + 5;
    BlockingQueue<Connection> connections = new ArrayBlockingQueue<>(n);
    LocalAddress address = LocalStreamServer.bind(group, streams, counted, connections);
    List<Client> clients = new java.util.ArrayList<>();
    List<NettySseStream> targets = new java.util.ArrayList<>();
    List<Connection> accepted = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      clients.add(connect(address));
      Connection connection = connections.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      accepted.add(connection);
      targets.add(connection.stream);
    }

    CountDownLatch release = hold(loop);
    for (String text : data) {
      try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of(text))) {
        assertThat(Fanout.send(event, targets)).isEqualTo(n);
      }
    }
    for (NettySseStream target : targets) target.close(); // Queued behind both events.
    release.countDown();

    StringBuilder expected = new StringBuilder();
    for (String text : data) expected.append("data: ").append(text).append("\n\n");
    for (int i = 0; i < n; i++) {
      assertThat(clients.get(i).ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("connection " + i)
          .isEqualTo(expected.toString());
      assertThat(accepted.get(i).writes).as("writes to connection " + i).hasValue(writesPerConnection);
    }
    assertThat(counted.deliveries()).isEqualTo((long) n * data.size());
  }

  @Test
  void backlogOutOfTimeWhenTheLoopShutsDownIsWrittenOrReleasedAndLaterSendsAreReleased() throws Exception {
    EventLoopGroup own = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    EventLoop loop = own.next();
    LoopStreams streams = outOfTimeAtEveryClockRead(loop, counters);
    LocalAddress address = LocalStreamServer.bind(own, streams, counters, accepted);
    new Bootstrap().group(own).channel(LocalChannel.class).handler(new Client()).connect(address).syncUninterruptibly();
    Connection a = accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    CountDownLatch release = hold(loop);
    for (int i = 0; i < 4 * LoopInbox.MAX_MERGED_EVENTS; i++) {
      try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of(Integer.toString(i)))) {
        Fanout.send(event, List.of(a.stream));
      }
    }
    io.netty.util.concurrent.Future<?> terminated = own.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    release.countDown(); // The drain now runs out of time while the loop is shutting down.
    assertThat(terminated.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

    try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of("after the end"))) {
      Fanout.send(event, List.of(a.stream));
      assertThat(event.refCnt()).as("nothing holds a reference for a loop that is gone").isEqualTo(1);
    }
    assertThat(streams.inbox.isEmpty()).isTrue(); // And the leak check finds every buffer released.
  }

  @Test
  void releasesWhatIsQueuedForALoopThatHasStopped() {
    EventLoop stopped = new DefaultEventLoop();
    stopped.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    LoopStreams streams = new LoopStreams(stopped, new StreamSettings(1 << 20, 1000, counters));
    EmbeddedChannel channel = new EmbeddedChannel();
    NettySseStream stream = new NettySseStream(channel, streams, false);
    try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of("too late"))) {
      Fanout.send(event, List.of(stream));
      assertThat(event.refCnt()).as("the loop's reference was released").isEqualTo(1);
    }
    stream.send(ServerSentEvent.of("also too late")); // Released, or the leak check fails.
    assertThat(streams.inbox.isEmpty()).isTrue();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }
}
