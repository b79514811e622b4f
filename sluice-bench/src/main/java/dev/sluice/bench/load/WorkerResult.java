package dev.sluice.bench.load;

import java.util.List;
import java.util.Map;

/**
 * Everything one worker measured, as JSON for the coordinator to merge. Histograms are
 * HdrHistogram's compressed encoding in Base64 (microseconds). {@code gcCount}/{@code gcMillis}: the
 * worker's own garbage collections from the start of the measured phase until the result is
 * collected, since a pause in the generator delays every event it was about to read.
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
        Map<String, Long> failureReasons,
        long gcCount,
        long gcMillis) {
}
