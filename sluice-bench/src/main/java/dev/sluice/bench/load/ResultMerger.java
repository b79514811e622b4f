package dev.sluice.bench.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** Merges the workers' results: histograms and timelines add up, counters sum. */
final class ResultMerger {

    private ResultMerger() {
    }

    static Map<String, Object> merge(List<WorkerResult> results, long firstPublishNanos) {
        Histogram latency = Histograms.newMicros();
        Histogram fromDue = Histograms.newMicros();
        Histogram connect = Histograms.newMicros();
        Timeline timeline = null;
        long events = 0;
        long unparsed = 0;
        long expected = 0;
        long distinct = 0;
        long dup = 0;
        long ooo = 0;
        long lost = 0;
        long withLoss = 0;
        long overflows = 0;
        long oversized = 0;
        long closedEarly = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        long maxSkew = 0;
        long gcCount = 0;
        long gcMillis = 0;
        for (WorkerResult w : results) {
            latency.add(Histograms.decode(w.latencyHistogram()));
            fromDue.add(Histograms.decode(w.latencyFromDueHistogram()));
            connect.add(Histograms.decode(w.connectHistogram()));
            Timeline t = Timeline.of(w.timelineStartNanos(), w.timelineBucketMillis(), w.timelineCounts());
            if (timeline == null) {
                timeline = new Timeline(w.timelineStartNanos(), w.timelineBucketMillis(), 12_000);
            }
            timeline.merge(t);
            events += w.events();
            unparsed += w.unparsed();
            expected += w.expected();
            distinct += w.distinct();
            dup += w.duplicates();
            ooo += w.outOfOrder();
            lost += w.lost();
            withLoss += w.subscribersWithLoss();
            overflows += w.holeTrackingOverflows();
            oversized += w.oversizedLines();
            closedEarly += w.closedEarly();
            if (w.events() > 0) {
                first = Math.min(first, w.firstDeliveryNanos());
                last = Math.max(last, w.lastDeliveryNanos());
            }
            maxSkew = Math.max(maxSkew, Math.abs(w.clockSkewNanos()));
            gcCount += w.gcCount();
            gcMillis += w.gcMillis();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deliveries", events);
        m.put("expectedDeliveries", expected);
        m.put("distinct", distinct);
        m.put("lost", lost);
        m.put("duplicates", dup);
        m.put("outOfOrder", ooo);
        m.put("unparsed", unparsed);
        m.put("subscribersWithLoss", withLoss);
        m.put("holeTrackingOverflows", overflows);
        m.put("oversizedLines", oversized);
        m.put("closedEarly", closedEarly);
        long window = last - Math.min(firstPublishNanos, first == Long.MAX_VALUE ? last : first);
        m.put("deliverySeconds", window > 0 ? window / 1e9 : 0);
        m.put("deliveriesPerSecond", window > 0 && events > 0 ? Math.round(events * 1e9 / window) : 0);
        m.put("latencyMillis", Histograms.summaryMillis(latency));
        m.put("latencyFromDueMillis", Histograms.summaryMillis(fromDue));
        m.put("connectMillis", Histograms.summaryMillis(connect));
        m.put("firstDeliveryNanos", first == Long.MAX_VALUE ? 0 : first);
        m.put("lastDeliveryNanos", last);
        m.put("firstPublishNanos", firstPublishNanos == Long.MAX_VALUE ? 0 : firstPublishNanos);
        m.put("maxClockSkewMicros", maxSkew / 1000.0);
        m.put("generatorGcCount", gcCount);
        m.put("generatorGcMillis", gcMillis);
        m.put("latencyHistogram", Histograms.encode(latency));
        m.put("latencyFromDueHistogram", Histograms.encode(fromDue));
        if (timeline != null) {
            m.put("timelineStartNanos", timeline.startNanos());
            m.put("timelineBucketMillis", timeline.bucketMillis());
            m.put("timeline", timeline.counts());
        }
        return m;
    }
}
