package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramsTest {

    @Test
    void survivesTheTripBetweenProcesses() {
        Histogram h = Histograms.newMicros();
        for (long v = 1; v <= 10_000; v++) {
            h.recordValue(v);
        }

        Histogram back = Histograms.decode(Histograms.encode(h));

        assertThat(back).isEqualTo(h);
        assertThat(back.getValueAtPercentile(99)).isEqualTo(h.getValueAtPercentile(99));
    }

    @Test
    void mergesWorkersIntoTheDistributionOfAllTheirSamples() {
        Histogram fast = Histograms.newMicros();
        Histogram slow = Histograms.newMicros();
        for (int i = 0; i < 900; i++) {
            fast.recordValue(100);
        }
        for (int i = 0; i < 100; i++) {
            slow.recordValue(5_000);
        }

        Map<String, Object> merged = ResultMerger.merge(List.of(result(0, fast), result(1, slow)), 0);

        @SuppressWarnings("unchecked")
        Map<String, Object> lat = (Map<String, Object>) merged.get("latencyMillis");
        assertThat(lat.get("count")).isEqualTo(1000L);
        assertThat((double) lat.get("p50")).isCloseTo(0.1, within(0.001));
        assertThat((double) lat.get("p99")).isCloseTo(5.0, within(0.01));
        assertThat(merged.get("deliveries")).isEqualTo(2000L);
        assertThat(merged.get("timeline")).isEqualTo(new long[] {2, 0, 4});
    }

    @Test
    void clampsValuesBeyondTheTrackableRange() {
        Histogram h = Histograms.newMicros();

        Histograms.recordMicros(h, Long.MAX_VALUE);
        Histograms.recordMicros(h, -5);

        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMinValue()).isZero();
    }

    @Test
    void keepsLatencyFromTheScheduledTimeApartFromLatencyFromTheSend() {
        Histogram sent = Histograms.newMicros();
        Histogram due = Histograms.newMicros();
        sent.recordValue(2_000);
        due.recordValue(900_000); // held back 898 ms behind an unanswered publish

        Map<String, Object> merged = ResultMerger.merge(List.of(result(0, sent, due)), 0);

        @SuppressWarnings("unchecked")
        Map<String, Object> fromSend = (Map<String, Object>) merged.get("latencyMillis");
        @SuppressWarnings("unchecked")
        Map<String, Object> fromDue = (Map<String, Object>) merged.get("latencyFromDueMillis");
        assertThat((double) fromSend.get("max")).isCloseTo(2.0, within(0.01));
        assertThat((double) fromDue.get("max")).isCloseTo(900.0, within(1.0));
        assertThat(Histograms.decode((String) merged.get("latencyFromDueHistogram")).getTotalCount()).isEqualTo(1);
    }

    private static WorkerResult result(int index, Histogram latency) {
        return result(index, latency, latency);
    }

    private static WorkerResult result(int index, Histogram latency, Histogram fromDue) {
        return new WorkerResult(index, List.of(), 0, Histograms.encode(latency), Histograms.encode(fromDue),
                Histograms.encode(Histograms.newMicros()),
                0, 100, new long[] {1, 0, 2}, 1000, 0, 1000, 1000, 0, 0, 0, 0, 0, 0, 10, 20, 0, Map.of(), 0, 0);
    }
}
