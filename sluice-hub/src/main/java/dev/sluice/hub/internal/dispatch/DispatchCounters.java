package dev.sluice.hub.internal.dispatch;

import java.util.concurrent.atomic.LongAdder;

/** Counters the dispatcher and replay keep; the hub exposes them as meters. Thread-safe. */
public final class DispatchCounters {
  public final LongAdder updatesDispatched = new LongAdder();
  public final LongAdder deliveries = new LongAdder();
  public final LongAdder replayed = new LongAdder();
  public final LongAdder replayHits = new LongAdder();
  public final LongAdder replayMisses = new LongAdder();
  public final LongAdder droppedSubscribers = new LongAdder();
  public final LongAdder expiredSubscribers = new LongAdder();
}
