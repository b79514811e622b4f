package dev.sluice.bench.load;

import java.util.List;

import org.HdrHistogram.Histogram;

/** Folds a stopped pool's per-loop stats and per-subscriber trackers into one {@link WorkerResult}. */
final class WorkerResults {

    private WorkerResults() {
    }

    /** Call only after {@link SubscriberPool#close()}: the event loops have stopped. */
    static WorkerResult collect(WorkerSpec spec, SubscriberPool pool, List<ConnectReport> rounds,
                                long[] expectedPerTopic, BenchClock clock, GcPauses gcDuringRun) {
        Histogram latency = Histograms.newMicros();
        Histogram fromDue = Histograms.newMicros();
        Histogram connect = Histograms.newMicros();
        Timeline timeline = new Timeline(spec.startNanos(), spec.bucketMillis(), spec.maxBuckets());
        long events = 0;
        long unparsed = 0;
        long oversized = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        for (LoopStats s : pool.loopStats()) {
            latency.add(s.latencyMicros);
            fromDue.add(s.latencyFromDueMicros);
            connect.add(s.connectMicros);
            timeline.merge(s.deliveries);
            events += s.events;
            unparsed += s.unparsed;
            oversized += s.oversizedLines;
            first = Math.min(first, s.firstDeliveryNanos);
            last = Math.max(last, s.lastDeliveryNanos);
        }
        long expected = 0;
        long distinct = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long lost = 0;
        long withLoss = 0;
        long overflows = 0;
        for (Subscription sub : pool.subscriptions()) {
            SequenceTracker t = sub.tracker;
            long want = expectedPerTopic[sub.topicIndex];
            expected += want;
            distinct += t.distinct();
            duplicates += t.duplicates();
            outOfOrder += t.outOfOrder();
            long l = t.lost(want);
            lost += l;
            withLoss += l > 0 ? 1 : 0;
            overflows += t.holesOverflowed() ? 1 : 0;
        }
        return new WorkerResult(spec.index(), rounds, pool.closedEarly(), Histograms.encode(latency),
                Histograms.encode(fromDue), Histograms.encode(connect), timeline.startNanos(), timeline.bucketMillis(), timeline.counts(),
                events, unparsed, expected, distinct, duplicates, outOfOrder, lost, withLoss, overflows,
                oversized, first == Long.MAX_VALUE ? 0 : first, last, clock.skewFrom(spec.coordinatorClockOffset()),
                rounds.isEmpty() ? java.util.Map.of() : rounds.get(rounds.size() - 1).failureReasons(),
                gcDuringRun.count(), gcDuringRun.millis());
    }
}
