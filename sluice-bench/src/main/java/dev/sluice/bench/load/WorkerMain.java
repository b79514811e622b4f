package dev.sluice.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A worker JVM forked by the {@link Coordinator}: holds up to {@value
 * Coordinator#MAX_SUBSCRIBERS_PER_WORKER} subscribers and answers one-line commands on stdin.
 *
 * <h3>Protocol (stdout carries only these lines; logs go to stderr)</h3>
 * <pre>
 *   → (start)                       ← CONNECTED {ConnectReport JSON}
 *   → GC                            ← COLLECTED     (full GC; its own GCs are counted from here)
 *   → AWAIT n maxMs                 ← AWAITED received   (once n events arrived, or maxMs)
 *   → DISCONNECT                    ← DISCONNECTED
 *   → RECONNECT                     ← CONNECTED {ConnectReport JSON}   (with Last-Event-ID)
 *   → DRAIN file idleMs maxMs       ← DONE          (WorkerResult written to spec.resultFile)
 * </pre>
 * {@code file} lists the events published per topic, one count per line. The worker exits after
 * DONE, when stdin closes (the coordinator died), or after {@code maxRunSeconds} whatever happens.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    // "try": DRAIN closes the pool before collecting its results; the try closes it on every other way out.
    @SuppressWarnings("try")
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        WorkerSpec spec = json.readValue(Path.of(args[0]).toFile(), WorkerSpec.class);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but protocol lines on the real stdout
        startDeadline(spec.maxRunSeconds());
        BenchClock clock = BenchClock.anchored();
        List<ConnectReport> rounds = new ArrayList<>();
        GcPauses gcAtStart = GcPauses.now();
        try (SubscriberPool pool = new SubscriberPool(spec, clock)) {
            // Every connect settles within the response timeout; allow for the pacing on top.
            double pacing = spec.connectsPerSecond() > 0 ? spec.subscribers() / spec.connectsPerSecond() : 0;
            Duration connectTimeout = Duration.ofSeconds(Math.min(spec.maxRunSeconds() / 2,
                    (long) (2 * pacing) + 2 * SubscriberHandler.RESPONSE_TIMEOUT_SECONDS + 30));
            ConnectReport first = pool.connectAll(false, connectTimeout);
            rounds.add(first);
            out.println("CONNECTED " + json.writeValueAsString(first));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] cmd = line.trim().split(" ");
                switch (cmd[0]) {
                    case "GC" -> {
                        // Start the measured phase with an empty young generation, so whether a
                        // collection lands in it does not depend on what connecting allocated; the
                        // ones that still do are counted in the result.
                        System.gc();
                        gcAtStart = GcPauses.now();
                        out.println("COLLECTED");
                    }
                    case "AWAIT" -> {
                        awaitProgress(pool, Long.parseLong(cmd[1]), Long.parseLong(cmd[2]));
                        out.println("AWAITED " + pool.progress.sum());
                    }
                    case "DISCONNECT" -> {
                        pool.closeAll(Duration.ofSeconds(30));
                        out.println("DISCONNECTED");
                    }
                    case "RECONNECT" -> {
                        ConnectReport again = pool.connectAll(true, connectTimeout);
                        rounds.add(again);
                        out.println("CONNECTED " + json.writeValueAsString(again));
                    }
                    case "DRAIN" -> {
                        long[] expected = readCounts(Path.of(cmd[1]), spec.topics());
                        drain(pool, expected, Long.parseLong(cmd[2]), Long.parseLong(cmd[3]));
                        pool.close();
                        WorkerResult result = WorkerResults.collect(spec, pool, rounds, expected, clock,
                                GcPauses.now().since(gcAtStart));
                        json.writeValue(Path.of(spec.resultFile()).toFile(), result);
                        out.println("DONE");
                        return;
                    }
                    default -> System.err.println("worker " + spec.index() + ": unknown command " + line);
                }
            }
        }
    }

    /** Waits until every expected event arrived, nothing arrived for {@code idleMs}, or {@code maxMs}. */
    private static void drain(SubscriberPool pool, long[] expectedPerTopic, long idleMs, long maxMs)
            throws InterruptedException {
        long want = 0;
        for (Subscription s : pool.subscriptions()) {
            want += expectedPerTopic[s.topicIndex];
        }
        long start = System.nanoTime();
        long lastChange = start;
        long last = -1;
        while (true) {
            long now = System.nanoTime();
            long seen = pool.progress.sum();
            if (seen >= want || now - start > maxMs * 1_000_000L) {
                return;
            }
            if (seen != last) {
                last = seen;
                lastChange = now;
            } else if (now - lastChange > idleMs * 1_000_000L) {
                return;
            }
            Thread.sleep(20); // polling a counter; the deliveries themselves are timed on the event loops
        }
    }

    private static void awaitProgress(SubscriberPool pool, long n, long maxMs) throws InterruptedException {
        long deadline = System.nanoTime() + maxMs * 1_000_000L;
        while (pool.progress.sum() < n && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling a counter
        }
    }

    private static long[] readCounts(Path file, int topics) throws IOException {
        long[] counts = new long[topics];
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < Math.min(topics, lines.size()); i++) {
            counts[i] = Long.parseLong(lines.get(i).trim());
        }
        return counts;
    }

    private static void startDeadline(long seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000);
                System.err.println("worker: run deadline of " + seconds + " s reached, exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker-deadline");
        t.setDaemon(true);
        t.start();
    }
}
