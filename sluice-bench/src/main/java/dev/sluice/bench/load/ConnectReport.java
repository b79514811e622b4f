package dev.sluice.bench.load;

import java.util.Map;

/**
 * The outcome of one connect round in one worker.
 *
 * @param failureReasons a few failure reasons with their counts (bounded)
 */
public record ConnectReport(int attempted, long connected, long failed, long firstAttemptNanos,
                            long lastSettledNanos, Map<String, Long> failureReasons) {

    /** Connections per second over this round, from the first attempt to the last settlement. */
    public double connectsPerSecond() {
        long span = lastSettledNanos - firstAttemptNanos;
        return span <= 0 ? 0 : connected * 1e9 / span;
    }
}
