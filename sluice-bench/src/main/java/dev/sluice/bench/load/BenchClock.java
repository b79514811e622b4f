package dev.sluice.bench.load;

import java.time.Instant;

/**
 * A nanosecond clock whose readings compare across the generator's processes on one machine.
 *
 * <p>{@link System#nanoTime()} is only promised to be consistent inside one JVM. Each process
 * therefore anchors it once on the wall clock: {@code offset = epochNanos - nanoTime}, taken as
 * the tightest of several bracketed samples, and reads {@code nanoTime() + offset} afterwards.
 * Readings thus advance at the monotonic rate (no wall-clock jumps mid-run), and two processes
 * agree to within the error of their two anchor reads (a few microseconds; {@code Instant.now()}
 * has microsecond resolution on Linux).
 *
 * <p>On Linux {@code nanoTime} reads {@code CLOCK_MONOTONIC}, one system-wide clock, so anchors of
 * different processes differ only by that read error. Workers compare their anchor with the
 * coordinator's ({@link #skewFrom(long)}) and report the difference, so a broken assumption shows
 * in the results instead of silently skewing latencies.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BenchClock {

    private static final int ANCHOR_SAMPLES = 32;

    private final long offsetNanos;

    private BenchClock(long offsetNanos) {
        this.offsetNanos = offsetNanos;
    }

    /** Anchors this process's monotonic clock on the wall clock. */
    public static BenchClock anchored() {
        long bestWidth = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < ANCHOR_SAMPLES; i++) {
            long before = System.nanoTime();
            Instant wall = Instant.now();
            long after = System.nanoTime();
            long width = after - before;
            if (width < bestWidth) {
                bestWidth = width;
                long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
                bestOffset = wallNanos - (before + width / 2);
            }
        }
        return new BenchClock(bestOffset);
    }

    /** Current time in nanoseconds since the epoch, advancing at the monotonic clock's rate. */
    public long now() {
        return System.nanoTime() + offsetNanos;
    }

    /** This process's anchor, to hand to forked workers. */
    public long offsetNanos() {
        return offsetNanos;
    }

    /** How far this clock is from one anchored in another process (nanoseconds, signed). */
    public long skewFrom(long otherOffsetNanos) {
        return offsetNanos - otherOffsetNanos;
    }
}
