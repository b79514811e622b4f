package dev.sluice.bench.hostile;

import java.time.Duration;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * Asks {@code GET /healthz} every 100 ms on a new connection each time (so a full accept queue or
 * a hub out of file handles shows), with a 2 s deadline. Start, then stop to read the figures.
 */
final class HealthProber {

    static final Duration INTERVAL = Duration.ofMillis(100);
    static final Duration DEADLINE = Duration.ofSeconds(2);

    private final HostileTarget target;
    private final Refusals refusals;
    private final Thread thread;
    private final long startNanos;
    // Prober thread only until stop() has joined it.
    private final Histogram micros = new Histogram(600_000_000L, 3);
    private long ok;
    private long failed;
    private long firstFailure = -1;
    private long lastFailure = -1;
    private volatile boolean running = true;

    HealthProber(HostileTarget target, Refusals refusals, long startNanos) {
        this.target = target;
        this.refusals = refusals;
        this.startNanos = startNanos;
        this.thread = new Thread(this::loop, "hostile-healthz-prober");
        this.thread.setDaemon(true);
    }

    HealthProber start() {
        thread.start();
        return this;
    }

    /** One probe: true if the hub answered 200 within the deadline. */
    static boolean healthy(HostileTarget target) {
        return probe(target).status() == 200;
    }

    private static RawHttp.Exchange probe(HostileTarget target) {
        byte[] req = RawHttp.request(target, "GET /healthz HTTP/1.1", List.of("Connection: close"), new byte[0]);
        return RawHttp.exchange(target, req, DEADLINE);
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            long t0 = System.nanoTime();
            RawHttp.Exchange answer = probe(target);
            long took = System.nanoTime() - t0;
            micros.recordValue(Math.min(600_000_000L, took / 1000));
            if (answer.status() == 200) {
                ok++;
            } else {
                failed++;
                long at = (System.nanoTime() - startNanos) / 1_000_000;
                if (firstFailure < 0) {
                    firstFailure = at;
                }
                lastFailure = at;
                refusals.record("healthz prober", answer.status() > 0 ? "status " + answer.status()
                        : Reports.clip(String.valueOf(answer.failure() == null ? "no answer in 2 s" : answer.failure()), 60));
            }
            next += INTERVAL.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    HealthFigures stop() throws InterruptedException {
        running = false;
        thread.join(DEADLINE.multipliedBy(3).toMillis());
        return new HealthFigures(ok, failed, micros.getValueAtPercentile(50) / 1000.0, micros.getMaxValue() / 1000.0,
                firstFailure, lastFailure);
    }
}
