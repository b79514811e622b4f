package dev.sluice.spring;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the application's publishing did, counted by the starter because {@code HubPublisher} keeps
 * no meters of its own. Bound to Micrometer by {@link SluiceMetricsAutoConfiguration} when the
 * application has it. Thread-safe.
 */
public final class PublishCounters {
  private final LongAdder attempts = new LongAdder();
  private final LongAdder published = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /** Called once per HTTP attempt (the publisher asks for a token before each one). */
  void recordAttempt() {
    attempts.increment();
  }

  void recordPublished() {
    published.increment();
  }

  void recordFailed() {
    failed.increment();
  }

  /** HTTP requests sent to the hub, first attempts and retries. */
  public long attempts() {
    return attempts.sum();
  }

  /** Updates the hub stored. */
  public long published() {
    return published.sum();
  }

  /** Updates given up on: refused by the hub, or no attempt reached it. */
  public long failed() {
    return failed.sum();
  }

  /**
   * Retries: attempts beyond the first of each update. Exact once no publish is in flight (an
   * update being tried has counted its attempts but not yet its outcome).
   */
  public long retries() {
    return Math.max(0, attempts() - published() - failed());
  }
}
