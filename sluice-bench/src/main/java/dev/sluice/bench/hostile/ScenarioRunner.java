package dev.sluice.bench.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Runs one scenario with the honest clients and the health prober around it: a quiet baseline,
 * the attack, then a wait for {@code /healthz} to recover. Besides the scenario's own checks the
 * verdict is BROKEN when a health probe failed, an honest publish failed, an acknowledged honest
 * update had not arrived {@link #DRAIN} after the attack, or the honest subscriber's p99 during
 * the attack exceeded {@link Limits#latencyFactor} times its baseline p99 and
 * {@link Limits#latencyFloor}.
 */
public final class ScenarioRunner {

    /** How long the baseline lasts and how much the honest latency may degrade. */
    public record Limits(Duration baseline, double latencyFactor, Duration latencyFloor, Duration recovery) {

        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(4), 10, Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    /** How long after an attack the honest subscriber may take to catch up before an update counts as lost. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    private final Limits limits;

    /**
     * Runs the honest clients alone for {@code duration}, unreported, so the first scenario's
     * baseline is not the JIT warming up.
     */
    public static void warmUp(HostileTarget target, Duration duration) throws InterruptedException {
        try (HonestTraffic honest = new HonestTraffic(target, "warm-up-" + UUID.randomUUID())) {
            honest.start();
            Thread.sleep(duration.toMillis()); // A warm-up window, not synchronization.
        }
    }

    public ScenarioRunner(Limits limits) {
        this.limits = limits;
    }

    public ScenarioReport run(Scenario scenario, HostileTarget target) throws InterruptedException {
        List<String> broken = new ArrayList<>();
        if (!awaitHealthy(target, limits.recovery())) {
            broken.add("/healthz did not answer 200 before the attack");
        }
        HonestTraffic honest = new HonestTraffic(target, scenario.id() + "-" + UUID.randomUUID());
        try {
            honest.start();
            Thread.sleep(limits.baseline().toMillis()); // The measurement window, not synchronization.
            HonestTraffic.Phase before = honest.beginPhase("during");
            long logBefore = logSize(target);
            AttackContext context = new AttackContext();
            HealthProber prober = new HealthProber(target, context.refusals(), context.startNanos()).start();
            try {
                scenario.attack(target, context);
            } catch (RuntimeException e) {
                context.broken("the attack itself failed: " + e);
            }
            long attackMillis = context.elapsedMillis();
            HealthFigures health = prober.stop();
            HonestTraffic.Phase during = honest.stop(DRAIN);
            long logBytes = logBefore < 0 ? -1 : logSize(target) - logBefore;
            long recovered = 0;
            if (health.failed() > 0 || !HealthProber.healthy(target)) {
                long t0 = System.nanoTime();
                recovered = awaitHealthy(target, limits.recovery()) ? Math.max(1, (System.nanoTime() - t0) / 1_000_000) : -1;
            }
            HonestFigures beforeFigures = HonestTraffic.figures(before);
            HonestFigures duringFigures = HonestTraffic.figures(during);
            broken.addAll(context.brokenBecause());
            judgeHonestService(beforeFigures, duringFigures, health, broken);
            BitSet lost = honest.lost();
            if (!lost.isEmpty()) {
                broken.add("the honest subscriber had not received " + lost.cardinality()
                        + " acknowledged updates " + DRAIN.toSeconds() + " s after the attack (sequence numbers " + Reports.clip(lost.toString(), 80) + ")");
            }
            List<Refusals.Kind> refusals = context.refusals().snapshot().values().stream()
                    .sorted(Comparator.comparingLong(Refusals.Kind::firstAtMillis)).toList();
            return new ScenarioReport(scenario.id(), scenario.title(),
                    broken.isEmpty() ? ScenarioReport.Verdict.HELD : ScenarioReport.Verdict.BROKEN,
                    List.copyOf(broken), context.evidence(), beforeFigures, duringFigures, health, refusals,
                    logBytes, attackMillis, recovered);
        } finally {
            honest.close();
        }
    }

    private void judgeHonestService(HonestFigures before, HonestFigures during,
                                    HealthFigures health, List<String> broken) {
        if (health.failed() > 0) {
            broken.add("/healthz failed " + health.failed() + " of " + (health.ok() + health.failed())
                    + " probes (first at " + health.firstFailureAtMillis() + " ms, last at " + health.lastFailureAtMillis() + " ms)");
        }
        if (during.publishFailed() > 0) {
            broken.add(during.publishFailed() + " honest publishes failed during the attack");
        }
        double limit = Math.max(limits.latencyFloor().toMillis(), before.p99Millis() * limits.latencyFactor());
        if (during.p99Millis() > limit) {
            broken.add(String.format("honest delivery p99 %.0f ms during the attack (max %.0f ms) vs %.1f ms before; limit %.0f ms",
                    during.p99Millis(), during.maxMillis(), before.p99Millis(), limit));
        }
    }

    static boolean awaitHealthy(HostileTarget target, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (HealthProber.healthy(target)) {
                return true;
            }
            Thread.sleep(HealthProber.INTERVAL.toMillis());
        }
        return false;
    }

    private static long logSize(HostileTarget target) {
        Path log = target.log().orElse(null);
        if (log == null) {
            return -1;
        }
        try {
            return Files.size(log);
        } catch (IOException e) {
            return -1;
        }
    }
}
