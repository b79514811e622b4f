package dev.sluice.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.internal.LocalStreamServer.Connection;
import dev.sluice.server.testing.FakeClock;
import dev.sluice.server.testing.LeakCheck;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chunked flush on real (local) channels and a real event loop: a small dirty set is flushed in
 * the loop turn that dirtied it; a large one is flushed a chunk per task, and an event written to a
 * connection that is still waiting for its flush leaves in the same flush as the one before it.
 */
@ExtendWith(LeakCheck.class)
class LoopStreamsFlushTest {
  private static final long TIMEOUT_SECONDS = 10;
  private static final String A = "data: A\n\n";
  private static final String B = "data: B\n\n";
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
  private final ServerCounters counters = new ServerCounters();

  /** The client side: completes once {@code expected} has arrived. */
  private static final class Client extends ChannelInboundHandlerAdapter {
    final StringBuilder text = new StringBuilder(); // Event-loop only.
    final CompletableFuture<String> received = new CompletableFuture<>();
    final int expected;

    Client(int expected) {
      this.expected = expected;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buffer = (ByteBuf) msg;
      text.append(buffer.toString(StandardCharsets.UTF_8));
      buffer.release();
      if (text.length() >= expected) received.complete(text.toString());
    }
  }

  private final List<Connection> servers = new ArrayList<>();
  private final List<Client> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Opens {@code count} streams on one loop whose flush chunk is {@code chunk}. */
  private EventLoop open(int count, int chunk, int expectedBytes) throws InterruptedException {
    return open(count, chunk, LoopStreams.DEFAULT_FLUSH_BUDGET_NANOS, System::nanoTime, expectedBytes);
  }

  /** Opens {@code count} streams on one loop with this flush chunk, time budget and clock. */
  private EventLoop open(int count, int chunk, long budgetNanos, LongSupplier clock, int expectedBytes)
      throws InterruptedException {
    EventLoop loop = group.next();
    LoopStreams streams = new LoopStreams(loop, new StreamSettings(1 << 20, 1000, counters), chunk,
        budgetNanos, clock);
    BlockingQueue<Connection> accepted = new ArrayBlockingQueue<>(count);
    LocalAddress address = LocalStreamServer.bind(group, streams, counters, accepted);
    for (int i = 0; i < count; i++) {
      Client client = new Client(expectedBytes);
      new Bootstrap().group(group).channel(LocalChannel.class).handler(client).connect(address).syncUninterruptibly();
      clients.add(client);
      servers.add(accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    return loop;
  }

  /** Event-loop only: writes {@code text} to every stream, as a fan-out does. */
  private void writeToAll(String text) {
    for (Connection server : servers) {
      ByteBuf buffer = server.stream.channel().alloc().directBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
      server.stream.write(buffer, 1); // Ownership transferred to the stream.
    }
  }

  private List<Integer> flushes() {
    List<Integer> counts = new ArrayList<>();
    for (Connection server : servers) counts.add(server.flushes.get());
    return counts;
  }

  @Test
  void smallFanoutIsFlushedInTheLoopTurnThatWroteIt() throws Exception {
    EventLoop loop = open(3, 4, A.length());
    CompletableFuture<List<Integer>> afterFlushTask = new CompletableFuture<>();
    loop.execute(() -> {
      writeToAll(A);
      loop.execute(() -> afterFlushTask.complete(flushes())); // Queued behind the flush task.
    });

    assertThat(afterFlushTask.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).containsExactly(1, 1, 1);
    for (Client client : clients) assertThat(client.received.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(A);
  }

  @Test
  void eventWrittenDuringALargeRoundJoinsTheFlushOfConnectionsNotYetFlushed() throws Exception {
    EventLoop loop = open(6, 2, A.length() + B.length());
    CompletableFuture<List<Integer>> afterFirstChunk = new CompletableFuture<>();
    loop.execute(() -> {
      writeToAll(A);
      // Both queued behind the first flush chunk and ahead of the rest of the round.
      loop.execute(() -> afterFirstChunk.complete(flushes()));
      loop.execute(() -> writeToAll(B));
    });

    assertThat(afterFirstChunk.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .as("only the first chunk was flushed before the next task ran")
        .containsExactly(1, 1, 0, 0, 0, 0);
    for (Client client : clients) {
      assertThat(client.received.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(A + B);
    }
    assertThat(flushes()).as("A alone, then B, for the first chunk; A and B together for the rest")
        .containsExactly(2, 2, 1, 1, 1, 1);
    for (Connection server : servers) assertThat(server.writes).hasValue(2);
    assertThat(counters.deliveries()).isEqualTo(12);
  }

  @Test
  void chunkEndsWhenItsTimeBudgetIsSpentEvenBelowTheCountCap() throws Exception {
    int streams = 2 * LoopStreams.FLUSHES_PER_CLOCK_READ + 3;
    long budget = 1_000;
    // Every clock read is one budget later than the last: the first check after the chunk began ends it.
    FakeClock clock = new FakeClock().advanceOnEveryRead(Duration.ofNanos(budget));
    EventLoop loop = open(streams, 10_000, budget, clock::nanoTime, A.length());
    CompletableFuture<List<Integer>> afterFirstChunk = new CompletableFuture<>();
    loop.execute(() -> {
      writeToAll(A);
      loop.execute(() -> afterFirstChunk.complete(flushes())); // Queued behind the first chunk.
    });

    List<Integer> first = afterFirstChunk.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(first.stream().mapToInt(Integer::intValue).sum())
        .as("the first chunk stopped at its first clock read past the budget")
        .isEqualTo(LoopStreams.FLUSHES_PER_CLOCK_READ);
    for (Client client : clients) assertThat(client.received.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(A);
    assertThat(flushes()).as("the rest of the round followed in later chunks, each connection once")
        .allMatch(count -> count == 1);
  }
}
