package dev.sluice.bench.hostile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connections and requests the hub refused during one attack, by who was refused and why, with the
 * time of the first and the last (milliseconds since the attack began). Thread-safe.
 */
public final class Refusals {

    /** One kind of refusal, e.g. {@code prober: 503} or {@code attacker: connect failed}. */
    public record Kind(String kind, long count, long firstAtMillis, long lastAtMillis) {
    }

    private final long startNanos;
    // Guarded by this.
    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    Refusals(long startNanos) {
        this.startNanos = startNanos;
    }

    public synchronized void record(String who, String why) {
        long at = (System.nanoTime() - startNanos) / 1_000_000;
        String key = who + ": " + why;
        Kind k = kinds.get(key);
        kinds.put(key, k == null ? new Kind(key, 1, at, at) : new Kind(key, k.count() + 1, k.firstAtMillis(), at));
    }

    public synchronized Map<String, Kind> snapshot() {
        return Map.copyOf(kinds);
    }

    public synchronized long total() {
        return kinds.values().stream().mapToLong(Kind::count).sum();
    }
}
