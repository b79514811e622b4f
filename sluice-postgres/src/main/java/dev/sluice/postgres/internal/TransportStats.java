package dev.sluice.postgres.internal;

import io.micrometer.core.instrument.DistributionSummary;
import java.util.concurrent.atomic.LongAdder;

/**
 * The transport's numbers, written by the reader, the appenders and the maintenance task, read by
 * meters and {@code /healthz}. Every field is safe to read from any thread.
 */
public final class TransportStats {
  public final LongAdder reconnects = new LongAdder();
  public final LongAdder appendFailures = new LongAdder();
  public final LongAdder missed = new LongAdder();
  public final LongAdder notifyWakeups = new LongAdder();
  public final LongAdder pollWakeups = new LongAdder();
  public final LongAdder sequenced = new LongAdder();
  public volatile boolean readerConnected;
  public volatile long lagEntries;
  public volatile long lagMillis;
  public volatile long logLength;
  public volatile long pending;
  /** Set once meters are bound; null until then. */
  private volatile DistributionSummary batchSizes;

  public void bindBatchSizes(DistributionSummary summary) {
    batchSizes = summary;
  }

  public void recordBatch(int entries) {
    DistributionSummary summary = batchSizes;
    if (summary != null) {
      summary.record(entries);
    }
  }
}
