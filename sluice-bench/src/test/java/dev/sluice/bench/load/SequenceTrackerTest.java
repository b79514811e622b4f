package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    private final SequenceTracker tracker = new SequenceTracker();

    @Test
    void countsNothingWrongForAnInOrderStream() {
        record(1, 2, 3, 4);

        assertThat(tracker.lost(4)).isZero();
        assertThat(tracker.duplicates()).isZero();
        assertThat(tracker.outOfOrder()).isZero();
    }

    @Test
    void countsAGapAsLostUntilItArrivesLate() {
        record(1, 2, 5, 6);
        assertThat(tracker.lost(6)).isEqualTo(2);

        record(4);

        assertThat(tracker.lost(6)).isEqualTo(1);
        assertThat(tracker.outOfOrder()).isEqualTo(1);
        assertThat(tracker.duplicates()).isZero();
    }

    @Test
    void countsARepeatAsDuplicateNotOutOfOrder() {
        record(1, 2, 2, 3, 1);

        assertThat(tracker.duplicates()).isEqualTo(2);
        assertThat(tracker.outOfOrder()).isZero();
        assertThat(tracker.lost(3)).isZero();
    }

    @Test
    void fillsTheMiddleOfAHoleAndBothEnds() {
        record(1, 10);
        record(5, 2, 9, 3, 4, 6, 8, 7);

        assertThat(tracker.lost(10)).isZero();
        assertThat(tracker.outOfOrder()).isEqualTo(8);
        record(7);
        assertThat(tracker.duplicates()).isEqualTo(1);
    }

    @Test
    void countsAMissingTailAsLost() {
        record(1, 2);

        assertThat(tracker.lost(5)).isEqualTo(3);
        assertThat(tracker.maxSeen()).isEqualTo(2);
    }

    @Test
    void staysBoundedWhenGapsExceedTheTrackedLimit() {
        for (long s = 1; s <= 2L * (SequenceTracker.MAX_HOLES + 10); s += 2) {
            tracker.record(s);
        }

        assertThat(tracker.holesOverflowed()).isTrue();
        assertThat(tracker.lost(2L * (SequenceTracker.MAX_HOLES + 10))).isEqualTo(SequenceTracker.MAX_HOLES + 10);
    }

    private void record(long... seqs) {
        for (long s : seqs) {
            tracker.record(s);
        }
    }
}
