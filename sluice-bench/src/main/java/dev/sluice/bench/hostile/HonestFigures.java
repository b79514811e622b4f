package dev.sluice.bench.hostile;

/**
 * The honest clients' figures for one phase (before or during an attack), latencies in
 * milliseconds: delivery is from the start of the publish to the subscriber reading the event.
 */
public record HonestFigures(String phase, long published, long publishFailed, long received, double p50Millis,
                            double p99Millis, double maxMillis, double publishP99Millis) {
}
