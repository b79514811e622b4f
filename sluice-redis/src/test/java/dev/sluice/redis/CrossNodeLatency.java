package dev.sluice.redis;

import dev.sluice.EventParser;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Measures publish-to-receive latency across hub nodes: subscribes on one hub URL, publishes on
 * another at a fixed rate, and records, for each update, the time from just before its POST to
 * the moment the subscriber parsed it. One JVM does both ends, so one clock measures both.
 *
 * <pre>
 * java -cp … dev.sluice.redis.CrossNodeLatency PUBLISH_URL SUBSCRIBE_URL JWT [COUNT] [RATE_PER_S] [WARMUP]
 * </pre>
 *
 * Bounded: stops after COUNT updates, or 30 s after the last POST if updates go missing (reported).
 * A measurement tool, not a test: it asserts nothing and is never run by the build.
 */
public final class CrossNodeLatency {
  private CrossNodeLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: CrossNodeLatency PUBLISH_URL SUBSCRIBE_URL JWT [COUNT] [RATE] [WARMUP]");
      System.exit(2);
    }
    URI publish = URI.create(args[0]);
    URI subscribe = URI.create(args[1]);
    String jwt = args[2];
    int count = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
    int rate = args.length > 4 ? Integer.parseInt(args[4]) : 500;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 500;
    String topic = "urn:sluice:latency:" + System.nanoTime();

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    BlockingQueue<long[]> received = new LinkedBlockingQueue<>();
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(subscribe
            + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)))
        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    if (stream.statusCode() != 200) {
      throw new IllegalStateException("subscribe answered " + stream.statusCode());
    }
    Thread reader = new Thread(() -> read(stream, received), "latency-reader");
    reader.setDaemon(true);
    reader.start();

    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long next = System.nanoTime();
    int total = warmup + count;
    int failed = 0;
    for (int i = 0; i < total; i++) {
      LockSupport.parkNanos(next - System.nanoTime()); // Pacing to the target rate.
      next += interval;
      long sent = System.nanoTime();
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(publish)
          .header("Authorization", "Bearer " + jwt)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("topic="
              + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&data=" + i + ":" + sent))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        failed++;
      }
      drain(received, histogram, warmup);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (histogram.getTotalCount() + seenWarmup < total - failed && System.nanoTime() < deadline) {
      long[] sample = received.poll(100, TimeUnit.MILLISECONDS);
      if (sample != null) {
        record(sample, histogram, warmup);
      }
    }
    int recorded = (int) histogram.getTotalCount();
    System.out.printf("cross-node latency, publish %s -> subscribe %s%n", publish, subscribe);
    System.out.printf("updates: %d measured (+%d warm-up) at %d/s, %d publish failures, %d missing%n",
        recorded, warmup, rate, failed, count - recorded - failed);
    System.out.printf("p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n",
        ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
        ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)),
        ms(histogram.getMaxValue()));
    stream.body().close();
  }

  private static long seenWarmup; // Main thread only.

  private static void drain(BlockingQueue<long[]> received, Histogram histogram, int warmup) {
    long[] sample;
    while ((sample = received.poll()) != null) {
      record(sample, histogram, warmup);
    }
  }

  private static void record(long[] sample, Histogram histogram, int warmup) {
    if (sample[0] < warmup) {
      seenWarmup++;
    } else {
      histogram.recordValue(Math.min(sample[2] - sample[1], histogram.getHighestTrackableValue()));
    }
  }

  private static void read(HttpResponse<InputStream> stream, BlockingQueue<long[]> received) {
    EventParser parser = EventParser.create(event -> {
      long now = System.nanoTime();
      String data = event.data();
      int colon = data.indexOf(':');
      if (colon > 0) {
        received.add(new long[] {Long.parseLong(data.substring(0, colon)),
            Long.parseLong(data.substring(colon + 1)), now});
      }
    });
    byte[] buffer = new byte[16384];
    try (InputStream in = stream.body()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        parser.feed(buffer, 0, n);
      }
    } catch (Exception e) {
      // The stream was closed at the end of the run.
    }
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
