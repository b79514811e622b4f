package dev.sluice.bench.load;

import java.util.Arrays;

/**
 * Accounts for one subscriber's sequence numbers on one topic: which arrived, which are missing,
 * which came twice, which came late.
 *
 * <p>Sequences start at 1. Everything below the highest sequence seen that has not arrived is a
 * <em>hole</em>, kept as a sorted list of ranges (usually empty, so a subscriber costs a few
 * longs). A sequence above the maximum extends it; one that fills a hole counts as out of order;
 * any other repeat is a duplicate. Lost = expected − distinct received, computed at the end when
 * the publisher's count is known, so a tail that never arrived is counted as well.
 *
 * <p>At most {@value #MAX_HOLES} ranges are kept: past that, new gaps are still counted as lost
 * but a late arrival into an untracked gap would be counted as a duplicate ({@link
 * #holesOverflowed()} says when that bound was hit).
 *
 * <p>This class is not thread-safe.
 */
public final class SequenceTracker {

    static final int MAX_HOLES = 4096;

    private long maxSeen;
    private long distinct;
    private long duplicates;
    private long outOfOrder;
    private long[] holes; // pairs [from, to] inclusive, sorted, disjoint; null while none
    private int holeCount;
    private boolean holesOverflowed;

    /** Records one arrival. */
    public void record(long seq) {
        if (seq > maxSeen) {
            if (seq > maxSeen + 1) {
                addHole(maxSeen + 1, seq - 1);
            }
            maxSeen = seq;
            distinct++;
        } else if (seq >= 1 && fillHole(seq)) {
            distinct++;
            outOfOrder++;
        } else {
            duplicates++;
        }
    }

    /** Events that should have arrived and did not: {@code expected − distinct}, never negative. */
    public long lost(long expected) {
        return Math.max(0, expected - distinct);
    }

    public long maxSeen() {
        return maxSeen;
    }

    public long distinct() {
        return distinct;
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public boolean holesOverflowed() {
        return holesOverflowed;
    }

    private void addHole(long from, long to) {
        if (holes == null) {
            holes = new long[8];
        } else if (holeCount * 2 == holes.length) {
            if (holeCount == MAX_HOLES) {
                holesOverflowed = true;
                return;
            }
            holes = Arrays.copyOf(holes, holes.length * 2);
        }
        // Holes are only ever added above every existing one, so appending keeps them sorted.
        holes[holeCount * 2] = from;
        holes[holeCount * 2 + 1] = to;
        holeCount++;
    }

    private boolean fillHole(long seq) {
        int lo = 0;
        int hi = holeCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long from = holes[mid * 2];
            long to = holes[mid * 2 + 1];
            if (seq < from) {
                hi = mid - 1;
            } else if (seq > to) {
                lo = mid + 1;
            } else {
                splitHole(mid, from, to, seq);
                return true;
            }
        }
        return false;
    }

    private void splitHole(int index, long from, long to, long seq) {
        if (from == to) {
            System.arraycopy(holes, (index + 1) * 2, holes, index * 2, (holeCount - index - 1) * 2);
            holeCount--;
        } else if (seq == from) {
            holes[index * 2] = seq + 1;
        } else if (seq == to) {
            holes[index * 2 + 1] = seq - 1;
        } else if (holeCount * 2 == holes.length && holeCount == MAX_HOLES) {
            holesOverflowed = true; // cannot split: forget the upper part rather than grow unbounded
            holes[index * 2 + 1] = seq - 1;
        } else {
            if (holeCount * 2 == holes.length) {
                holes = Arrays.copyOf(holes, holes.length * 2);
            }
            System.arraycopy(holes, (index + 1) * 2, holes, (index + 2) * 2, (holeCount - index - 1) * 2);
            holes[index * 2 + 1] = seq - 1;
            holes[(index + 1) * 2] = seq + 1;
            holes[(index + 1) * 2 + 1] = to;
            holeCount++;
        }
    }
}
