package dev.sluice.bench.load;

import java.util.List;
import java.util.Map;

/**
 * Everything one worker measured, as JSON for the coordinator to merge. Histograms are
 * HdrHistogram's compressed encoding in Base64 (microseconds).
 */
public record WorkerResult(
        int index,
        List<ConnectReport> connectRounds,
        long closedEarly,
        String latencyHistogram,
        String latencyFromDueHistogram,
        String connectHistogram,
        long timelineStartNanos,
        long timelineBucketMillis,
        long[] timelineCounts,
        long events,
        long unparsed,
        long expected,
        long distinct,
        long duplicates,
        long outOfOrder,
        long lost,
        long subscribersWithLoss,
        long holeTrackingOverflows,
        long oversizedLines,
        long firstDeliveryNanos,
        long lastDeliveryNanos,
        long clockSkewNanos,
        Map<String, Long> failureReasons) {
}
