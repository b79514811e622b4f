package dev.sluice.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * The relay's bounds.
 *
 * @param maxConcurrentGenerations generations one node runs at once; past it, {@code 429}
 * @param maxEventsPerResponse events one response may store; at the bound the response ends as
 *     {@code incomplete} (reason {@code max_output_tokens})
 * @param maxBytesPerResponse JSON bytes of events one response may store; same ending
 * @param maxInputBytes largest request body; larger, {@code 413}
 * @param retention how long a finished response stays readable; older, {@code 404} (the log's own
 *     retention may remove it sooner)
 * @param leaseInterval how often a generating node says "still alive" when it has no event to store
 * @param leaseDeadline how long readers wait without hearing from the generating node before they
 *     end the stream as {@code failed}; several lease intervals
 * @param maxGeneration how long one generation may run before it ends as {@code incomplete}
 */
public record LlmLimits(int maxConcurrentGenerations, int maxEventsPerResponse, long maxBytesPerResponse,
    int maxInputBytes, Duration retention, Duration leaseInterval, Duration leaseDeadline, Duration maxGeneration) {

  public static final LlmLimits DEFAULT = new LlmLimits(1_000, 20_000, 8L << 20, 256 * 1024,
      Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(10));

  public LlmLimits {
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(leaseInterval, "leaseInterval");
    Objects.requireNonNull(leaseDeadline, "leaseDeadline");
    Objects.requireNonNull(maxGeneration, "maxGeneration");
    if (maxConcurrentGenerations < 1) throw new IllegalArgumentException("maxConcurrentGenerations < 1");
    if (maxEventsPerResponse < 16) throw new IllegalArgumentException("maxEventsPerResponse < 16");
    if (maxBytesPerResponse < 4096) throw new IllegalArgumentException("maxBytesPerResponse < 4096");
    if (maxInputBytes < 1) throw new IllegalArgumentException("maxInputBytes < 1");
    if (leaseInterval.isNegative() || leaseInterval.isZero()) throw new IllegalArgumentException("leaseInterval <= 0");
    if (leaseDeadline.compareTo(leaseInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("leaseDeadline < 2 x leaseInterval: " + leaseDeadline);
    }
  }

  public LlmLimits withMaxConcurrentGenerations(int n) {
    return new LlmLimits(n, maxEventsPerResponse, maxBytesPerResponse, maxInputBytes, retention, leaseInterval,
        leaseDeadline, maxGeneration);
  }

  public LlmLimits withMaxEventsPerResponse(int n) {
    return new LlmLimits(maxConcurrentGenerations, n, maxBytesPerResponse, maxInputBytes, retention, leaseInterval,
        leaseDeadline, maxGeneration);
  }

  public LlmLimits withMaxInputBytes(int n) {
    return new LlmLimits(maxConcurrentGenerations, maxEventsPerResponse, maxBytesPerResponse, n, retention,
        leaseInterval, leaseDeadline, maxGeneration);
  }

  public LlmLimits withLease(Duration interval, Duration deadline) {
    return new LlmLimits(maxConcurrentGenerations, maxEventsPerResponse, maxBytesPerResponse, maxInputBytes, retention,
        interval, deadline, maxGeneration);
  }
}
