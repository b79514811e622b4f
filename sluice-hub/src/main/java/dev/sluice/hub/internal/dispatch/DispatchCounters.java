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
  /** Automaton steps spent matching patterns on the dispatcher's shared path. */
  public final LongAdder matchSteps = new LongAdder();
  /** Subscribers moved to the slow lane because their selectors cost too much. */
  public final LongAdder slowLaneSubscribers = new LongAdder();
  /** Slow-lane subscribers disconnected because the slow lane fell behind. */
  public final LongAdder slowLaneEvictions = new LongAdder();
}
