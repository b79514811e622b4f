package dev.sluice.postgres;

import dev.sluice.hub.testing.Nodes;
import dev.sluice.EventHandler;
import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import dev.sluice.hub.Hub;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes per second and cross-node latency through three in-process hub nodes, over a
 * PostgreSQL and a Redis that it starts itself (both durable: PostgreSQL's defaults, fsync on;
 * Redis {@code --appendonly yes --appendfsync always}), on loopback. Not a test: a measurement
 * for docs/cluster.md, run by hand (the command is there). Prints a Markdown table.
 *
 * <p>Throughput: P publisher threads POST as fast as answers come, spread over the three nodes,
 * for S seconds; a subscriber on the third node must receive every acknowledged update once and
 * each publisher's in its order. Latency: one publisher on node A at a fixed rate; subscribers on
 * B and C measure from just before the POST to the parsed event (one JVM, one clock); for
 * PostgreSQL also from just before an application's autocommit {@code SELECT sluice.publish(…)}.
 */
public final class TransportBench {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private TransportBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>(Map.of("publishers", "1,8,32", "seconds", "10",
        "rate", "200", "latency-seconds", "20", "transports", "postgresql,redis"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int[] publishers = Arrays.stream(opts.get("publishers").split(",")).mapToInt(Integer::parseInt).toArray();
    int seconds = Integer.parseInt(opts.get("seconds"));
    int rate = Integer.parseInt(opts.get("rate"));
    int latencySeconds = Integer.parseInt(opts.get("latency-seconds"));
    List<String> rows = new ArrayList<>();
    for (String transport : opts.get("transports").split(",")) {
      try (AutoCloseable server = transport.equals("redis") ? new Redis() : PostgresServer.startFresh(true)) {
        URI uri = server instanceof Redis r ? r.uri() : ((PostgresServer) server).uri();
        List<Hub> nodes = List.of(Nodes.start(uri), Nodes.start(uri), Nodes.start(uri));
        try {
          throughput(nodes, 8, 3, "warm-up"); // JIT and connection pools; not reported.
          for (int p : publishers) {
            rows.add("| " + transport + " | " + throughput(nodes, p, seconds, "throughput") + " |");
          }
          rows.add("| " + transport + " | " + latency(nodes, rate, latencySeconds, null) + " |");
          if (server instanceof PostgresServer pg) {
            try (java.sql.Connection app = pg.connect()) {
              rows.add("| " + transport + " | " + latency(nodes, rate, latencySeconds, app) + " |");
            }
          }
        } finally {
          nodes.forEach(Nodes::stop);
        }
      }
    }
    System.out.println("| transport | run | publishes/s | p50 | p99 | max | lost / dup / reordered |");
    System.out.println("|---|---|---:|---:|---:|---:|---|");
    rows.forEach(System.out::println);
  }

  private static String throughput(List<Hub> nodes, int publishers, int seconds, String label) throws Exception {
    String topic = "/bench/" + label + "/" + publishers + "/" + System.nanoTime();
    try (TimedSubscriber sub = new TimedSubscriber(nodes.get(2), topic)) {
      AtomicLong acknowledged = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(publishers);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < publishers; t++) {
        int thread = t;
        Hub node = nodes.get(t % nodes.size());
        done.add(pool.submit(() -> {
          for (long seq = 0; System.nanoTime() < end; ) {
            if (post(node, topic, thread + "/" + seq) == 200) {
              acknowledged.incrementAndGet();
              seq++;
            } else {
              refused.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      sub.awaitCount(acknowledged.get(), Duration.ofSeconds(60));
      return label + ", " + publishers + " publisher(s), " + seconds + " s | "
          + String.format("%,.0f", acknowledged.get() / (double) seconds) + " | | | | "
          + sub.integrity(acknowledged.get()) + (refused.get() > 0 ? ", " + refused + " refused" : "");
    }
  }

  /** From node A, or with {@code app} set from an application's autocommit {@code sluice.publish}. */
  private static String latency(List<Hub> nodes, int rate, int seconds, java.sql.Connection app)
      throws Exception {
    String topic = "/bench/latency/" + System.nanoTime();
    try (TimedSubscriber onB = new TimedSubscriber(nodes.get(1), topic);
         TimedSubscriber onC = new TimedSubscriber(nodes.get(2), topic)) {
      long events = (long) rate * seconds;
      long start = System.nanoTime();
      long interval = 1_000_000_000L / rate;
      for (long i = 0; i < events; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait); // Pacing the publisher, not synchronizing anything.
        }
        if (app == null) {
          post(nodes.get(0), topic, "0/" + i + "/" + System.nanoTime());
        } else {
          try (java.sql.PreparedStatement ps = app.prepareStatement("SELECT sluice.publish(ARRAY[?], ?)")) {
            ps.setString(1, topic);
            ps.setString(2, "0/" + i + "/" + System.nanoTime());
            ps.executeQuery().close();
          }
        }
      }
      onB.awaitCount(events, Duration.ofSeconds(60));
      onC.awaitCount(events, Duration.ofSeconds(60));
      long[] all = new long[onB.latencies.size() + onC.latencies.size()];
      int k = 0;
      for (long l : onB.latencies) all[k++] = l;
      for (long l : onC.latencies) all[k++] = l;
      Arrays.sort(all);
      return (app == null ? "latency A → B, C" : "latency application commit → B, C") + " at " + rate + "/s for " + seconds + " s | " + rate + " | "
          + ms(all, 0.50) + " | " + ms(all, 0.99) + " | " + ms(all, 1.0) + " | "
          + onB.integrity(events) + "; " + onC.integrity(events);
    }
  }

  private static String ms(long[] sorted, double q) {
    if (sorted.length == 0) {
      return "–";
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return String.format("%.2f ms", sorted[Math.max(0, i)] / 1e6);
  }

  private static int post(Hub node, String topic, String data) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(Nodes.url(node, "/.well-known/mercure"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Bearer " + Nodes.PUBLISHER)
        .POST(HttpRequest.BodyPublishers.ofString("topic=" + Nodes.encode(topic) + "&data=" + Nodes.encode(data)))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Counts events per publisher, checks their order, and records latency when data carries a send time. */
  private static final class TimedSubscriber implements AutoCloseable {
    final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();
    private final HttpResponse<InputStream> response;

    TimedSubscriber(Hub node, String topic) throws Exception {
      response = HTTP.send(HttpRequest.newBuilder(Nodes.url(node, "/.well-known/mercure?match="
          + Nodes.encode(topic))).header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofInputStream());
      Thread reader = new Thread(this::read, "bench-subscriber");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      EventParser parser = EventParser.create(new EventHandler() {
        @Override
        public void onEvent(ServerSentEvent event) {
          long now = System.nanoTime();
          String[] parts = event.data().split("/");
          long seq = Long.parseLong(parts[1]);
          Long before = lastSeq.put(parts[0], seq);
          if (before != null && seq == before) {
            duplicates.incrementAndGet();
          } else if (before != null && seq != before + 1) {
            reordered.incrementAndGet();
          }
          if (parts.length == 3) {
            latencies.add(now - Long.parseLong(parts[2]));
          }
          received.incrementAndGet();
        }
      });
      byte[] buffer = new byte[16384];
      try (InputStream in = response.body()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          parser.feed(buffer, 0, n);
        }
      } catch (IOException e) {
        // Closed at the end of the run.
      }
    }

    void awaitCount(long count, Duration timeout) {
      long end = System.nanoTime() + timeout.toNanos();
      while (received.get() < count && System.nanoTime() < end) {
        LockSupport.parkNanos(10_000_000);
      }
    }

    String integrity(long expected) {
      return Math.max(0, expected - received.get() + duplicates.get()) + " / " + duplicates + " / " + reordered;
    }

    @Override
    public void close() throws IOException {
      response.body().close();
    }
  }

  /** A durable redis-server of the bench's own on a free port. */
  private static final class Redis implements AutoCloseable {
    private final Path dir = Files.createTempDirectory("sluice-bench-redis");
    private final int port;
    private final Process process;

    Redis() throws Exception {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
          "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always",
          "--dir", dir.toString()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile()).start();
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (true) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
          break;
        } catch (IOException e) {
          if (System.nanoTime() > end) {
            throw new IllegalStateException("redis-server did not start", e);
          }
          LockSupport.parkNanos(20_000_000);
        }
      }
    }

    URI uri() {
      return URI.create("redis://127.0.0.1:" + port + "/0");
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
