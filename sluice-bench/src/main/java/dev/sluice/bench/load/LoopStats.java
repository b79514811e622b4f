package dev.sluice.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What the subscribers of one event loop measured. Each event loop owns one instance, so
 * recording needs no lock; the worker merges them once the loops have stopped.
 */
final class LoopStats {

    // Event-loop only, until the worker merges after shutdown.
    /** From the publish request's write to the read of the event. */
    final Histogram latencyMicros = Histograms.newMicros();
    /** From when the publisher's schedule wanted the event sent to its read (see BenchPayload). */
    final Histogram latencyFromDueMicros = Histograms.newMicros();
    final Histogram connectMicros = Histograms.newMicros();
    final Timeline deliveries;
    long events;
    long oversizedLines;
    long unparsed;
    long firstDeliveryNanos = Long.MAX_VALUE;
    long lastDeliveryNanos;

    /** Deliveries of the whole worker, read by its main thread to see when draining is done. */
    final java.util.concurrent.atomic.LongAdder progress;

    LoopStats(Timeline deliveries, java.util.concurrent.atomic.LongAdder progress) {
        this.deliveries = deliveries;
        this.progress = progress;
    }

    void delivered(long nowNanos, long sentNanos, long dueNanos) {
        events++;
        deliveries.add(nowNanos);
        Histograms.recordMicros(latencyMicros, (nowNanos - sentNanos) / 1000);
        Histograms.recordMicros(latencyFromDueMicros, (nowNanos - dueNanos) / 1000);
        firstDeliveryNanos = Math.min(firstDeliveryNanos, nowNanos);
        lastDeliveryNanos = Math.max(lastDeliveryNanos, nowNanos);
    }
}
