package dev.sluice.bench.load;

import java.util.List;

/**
 * What one worker JVM must do, written by the coordinator as JSON and passed by file.
 *
 * <p>Subscriber {@code g} (global index, {@code firstSubscriber ≤ g < firstSubscriber +
 * subscribers}) subscribes to topic {@code g % topics}, connects to port {@code ports[g %
 * ports.size]} from source address {@code sources[(g / ports.size) % sources.size]}.
 */
public record WorkerSpec(
        int index,
        TargetSpec target,
        String runId,
        int firstSubscriber,
        int subscribers,
        int topics,
        List<String> sources,
        double connectsPerSecond,
        int maxConnectsInFlight,
        boolean readIds,
        long startNanos,
        long coordinatorClockOffset,
        long bucketMillis,
        int maxBuckets,
        int ioThreads,
        long maxRunSeconds,
        String resultFile) {

    public WorkerSpec {
        sources = List.copyOf(sources);
        if (subscribers < 0 || topics <= 0 || sources.isEmpty()) {
            throw new IllegalArgumentException("bad worker spec: subscribers=" + subscribers + " topics=" + topics);
        }
    }
}
