package dev.sluice.bench.load;

import java.util.Arrays;

/**
 * Event counts in fixed-width time buckets from a start instant shared by all processes (a
 * {@link BenchClock} reading), so the timelines of several workers merge by adding buckets.
 * Bounded: events past the last bucket land in it.
 *
 * <p>This class is not thread-safe: one per event loop, merged after the run.
 */
public final class Timeline {

    private final long startNanos;
    private final long bucketNanos;
    private final long[] counts;

    public Timeline(long startNanos, long bucketMillis, int maxBuckets) {
        if (bucketMillis <= 0 || maxBuckets <= 0) {
            throw new IllegalArgumentException("bucketMillis and maxBuckets must be > 0");
        }
        this.startNanos = startNanos;
        this.bucketNanos = bucketMillis * 1_000_000L;
        this.counts = new long[maxBuckets];
    }

    /** Rebuilds a timeline from its parts (see {@link #counts()}). */
    public static Timeline of(long startNanos, long bucketMillis, long[] counts) {
        Timeline t = new Timeline(startNanos, bucketMillis, Math.max(1, counts.length));
        System.arraycopy(counts, 0, t.counts, 0, counts.length);
        return t;
    }

    public void add(long atNanos) {
        long index = (atNanos - startNanos) / bucketNanos;
        counts[(int) Math.max(0, Math.min(counts.length - 1, index))]++;
    }

    /** Adds another timeline with the same start and bucket width into this one. */
    public void merge(Timeline other) {
        if (other.startNanos != startNanos || other.bucketNanos != bucketNanos) {
            throw new IllegalArgumentException("timelines differ in start or bucket width");
        }
        for (int i = 0; i < Math.min(counts.length, other.counts.length); i++) {
            counts[i] += other.counts[i];
        }
    }

    public long bucketMillis() {
        return bucketNanos / 1_000_000L;
    }

    public long startNanos() {
        return startNanos;
    }

    /** The counts up to the last non-empty bucket. */
    public long[] counts() {
        int last = counts.length - 1;
        while (last >= 0 && counts[last] == 0) {
            last--;
        }
        return Arrays.copyOf(counts, last + 1);
    }
}
