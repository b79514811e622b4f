package dev.sluice.bench.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * What an attack reports while it runs: its evidence, whether it broke the hub, and the
 * connections the hub refused. Thread-safe.
 */
public final class AttackContext {

    private final long startNanos = System.nanoTime();
    private final Refusals refusals = new Refusals(startNanos);
    // Guarded by this.
    private final List<String> evidence = new ArrayList<>();
    // Guarded by this.
    private final List<String> broken = new ArrayList<>();

    /** A fact worth a line in the report. */
    public synchronized void note(String fact) {
        evidence.add(fact);
    }

    /** The hub failed this check: the scenario's verdict becomes BROKEN with this evidence. */
    public synchronized void broken(String why) {
        broken.add(why);
    }

    public Refusals refusals() {
        return refusals;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public long startNanos() {
        return startNanos;
    }

    public synchronized List<String> evidence() {
        return List.copyOf(evidence);
    }

    public synchronized List<String> brokenBecause() {
        return List.copyOf(broken);
    }
}
