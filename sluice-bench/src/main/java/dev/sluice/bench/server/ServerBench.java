package dev.sluice.bench.server;

import dev.sluice.bench.load.GcPauses;
import dev.sluice.server.EncodedEvent;
import dev.sluice.server.Fanout;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Loopback benchmarks of sluice-server, bounded in time and count.
 *
 * <pre>
 * fanout [subscribers=1000,10000] [deliveries=1000000] [warmup=2] [rounds=5] [window=64] [clientThreads=2]
 *   Per subscriber count: an SseServer here, that many real connections from a forked JVM, then
 *   rounds of 100-byte events sent with Fanout.send to every stream. A round ends when the subscriber
 *   process has received and checked every event (none lost, repeated or out of order).
 *   At most `window` events per subscriber are in flight (published, not yet received).
 * idle [streams=9000]
 *   Heap per idle event stream: live heap (after full GC) and a class histogram before and after the
 *   forked JVM opens that many streams.
 * </pre>
 */
public final class ServerBench {
  private ServerBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: ServerBench fanout|idle [key=value ...]");
      System.exit(2);
    }
    Map<String, String> options = new HashMap<>();
    for (String arg : Arrays.asList(args).subList(1, args.length)) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    System.out.printf("java %s, %d processors, max heap %d MiB%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    switch (args[0]) {
      case "fanout" -> {
        for (String n : options.getOrDefault("subscribers", "1000,10000").split(",")) {
          fanout(Integer.parseInt(n), Long.parseLong(options.getOrDefault("deliveries", "1000000")),
              Integer.parseInt(options.getOrDefault("warmup", "2")), Integer.parseInt(options.getOrDefault("rounds", "5")),
              Integer.parseInt(options.getOrDefault("window", "64")),
              Integer.parseInt(options.getOrDefault("clientThreads", "2")));
        }
      }
      case "idle" -> idle(Integer.parseInt(options.getOrDefault("streams", "9000")));
      default -> throw new IllegalArgumentException("unknown benchmark " + args[0]);
    }
  }

  private static SseServer server(ConcurrentLinkedQueue<SseStream> opened) {
    return SseServer.builder().port(0).bindAddress("127.0.0.1").maxConnections(19_000)
        .sse("/bench", (request, stream) -> opened.add(stream)).build();
  }

  private static void fanout(int subscribers, long deliveriesPerRound, int warmup, int rounds, int window,
      int clientThreads) throws Exception {
    ConcurrentLinkedQueue<SseStream> opened = new ConcurrentLinkedQueue<>();
    long eventsPerRound = Math.max(1, deliveriesPerRound / subscribers);
    try (SseServer server = server(opened)) {
      int port = server.start();
      try (SubscriberProcess clients = SubscriberProcess.start(port, "/bench", subscribers, clientThreads)) {
        String openedLine = clients.awaitOpened(Duration.ofMinutes(3));
        System.out.printf("%n%,d subscribers (%s), %,d events of %d bytes per round, window %d, native=%s%n",
            subscribers, openedLine, eventsPerRound, BenchEvents.SIZE, window, server.isNativeTransport());
        awaitCount(() -> opened.size(), subscribers, "streams opened");
        List<SseStream> streams = new ArrayList<>(opened);
        long sequence = 0;
        List<Double> rates = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < warmup + rounds; round++) {
          long serverCpu0 = os.getProcessCpuTime();
          long clientCpu0 = clients.cpu().toNanos();
          long gc0 = GcPauses.now().count();
          long start = System.nanoTime();
          long end = sequence + eventsPerRound;
          for (; sequence < end; sequence++) {
            while ((sequence - clients.events() / subscribers) > window) {
              if (clients.errors() > 0) throw new IllegalStateException("subscriber errors: " + clients.check(sequence));
              LockSupport.parkNanos(20_000);
            }
            try (EncodedEvent event = EncodedEvent.of(BenchEvents.event(sequence))) {
              Fanout.send(event, streams);
            }
          }
          long target = end * subscribers;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (clients.events() < target && clients.errors() == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000);
          }
          long nanos = System.nanoTime() - start;
          long delivered = eventsPerRound * subscribers;
          double rate = delivered * 1e9 / nanos;
          String label = round < warmup ? "warmup" : "round ";
          System.out.printf(Locale.ROOT, "  %s %d: %,.0f deliveries/s  (%,d in %.2f s; server cpu %.2f us, subscribers cpu %.2f us per delivery; %d GCs)%n",
              label, round + 1, rate, delivered, nanos / 1e9, (os.getProcessCpuTime() - serverCpu0) / 1e3 / delivered,
              (clients.cpu().toNanos() - clientCpu0) / 1e3 / delivered, GcPauses.now().count() - gc0);
          if (clients.events() < target) {
            throw new IllegalStateException("round incomplete: " + clients.events() + " of " + target + ": " + clients.check(end));
          }
          if (round >= warmup) rates.add(rate);
        }
        String checked = clients.check(sequence);
        rates.sort(null);
        System.out.printf(Locale.ROOT, "  %,d subscribers: median %,.0f deliveries/s (min %,.0f, max %,.0f); check: %s; server %s%n",
            subscribers, rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1), checked, server.stats());
        if (!checked.startsWith("CHECKED 0 0 ")) throw new IllegalStateException("events lost or out of order: " + checked);
      }
    }
  }

  private static void idle(int count) throws Exception {
    // The handler keeps no reference: what stays on the heap is the server's own per-stream state.
    try (SseServer server = SseServer.builder().port(0).bindAddress("127.0.0.1").maxConnections(19_000)
        .sse("/bench", (request, stream) -> { }).build()) {
      int port = server.start();
      try (SubscriberProcess warm = SubscriberProcess.start(port, "/bench", 200, 1)) {
        warm.awaitOpened(Duration.ofMinutes(1)); // Load classes and warm the loops first.
      }
      awaitCount(() -> (int) server.stats().openStreams(), 0, "warm-up streams closed");
      ClassHistogram before = ClassHistogram.take();
      long heapBefore = liveHeap();
      long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
      try (SubscriberProcess clients = SubscriberProcess.start(port, "/bench", count, 2)) {
        System.out.println(clients.awaitOpened(Duration.ofMinutes(3)));
        awaitCount(() -> (int) server.stats().openStreams(), count, "streams open");
        ClassHistogram after = ClassHistogram.take();
        long heapAfter = liveHeap();
        long directAfter = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        System.out.printf(Locale.ROOT, "%n%,d idle streams: live heap %+,d bytes = %,.0f bytes per stream "
                + "(class histogram: %,.0f bytes per stream); pooled direct memory %+,d bytes%n",
            count, heapAfter - heapBefore, (heapAfter - heapBefore) / (double) count,
            (after.totalBytes() - before.totalBytes()) / (double) count, directAfter - directBefore);
        System.out.println("  bytes/stream  instances/stream  class");
        double listed = 0;
        for (ClassHistogram.Row row : after.growthSince(before)) {
          double perStream = row.bytes() / (double) count;
          if (perStream < 4) break;
          listed += perStream;
          System.out.printf(Locale.ROOT, "  %12.1f  %16.2f  %s%n", perStream, row.instances() / (double) count, row.className());
        }
        System.out.printf(Locale.ROOT, "  %12.1f  (listed)%n", listed);
      }
    }
  }

  private interface Count {
    int get();
  }

  private static void awaitCount(Count count, int want, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (count.get() != want) {
      if (System.nanoTime() > deadline) throw new IllegalStateException(what + ": " + count.get() + " of " + want);
      Thread.sleep(10); // Polling a counter in a benchmark driver, not test synchronization.
    }
  }

  private static long liveHeap() {
    for (int i = 0; i < 3; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
