package dev.sluice.bench.hostile;

/**
 * What the {@code /healthz} probes saw during an attack: answers 200 and failures (another status,
 * a refused connection, or no answer within 2 s), median and slowest probe, and when the failures
 * began and ended (milliseconds since the attack began; -1 if none).
 */
public record HealthFigures(long ok, long failed, double p50Millis, double slowestMillis, long firstFailureAtMillis,
                            long lastFailureAtMillis) {
}
