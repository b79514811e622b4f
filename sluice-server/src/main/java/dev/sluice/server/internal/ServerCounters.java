package dev.sluice.server.internal;

import dev.sluice.server.ServerStats;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The server's counters. Thread-safe: event loops add, anyone reads. */
public final class ServerCounters implements ServerStats {
  final AtomicLong connections = new AtomicLong();
  final AtomicLong openStreams = new AtomicLong();
  final LongAdder streamsOpened = new LongAdder();
  final LongAdder slowStreamCloses = new LongAdder();
  final LongAdder deliveries = new LongAdder();
  final LongAdder heartbeats = new LongAdder();
  final LongAdder rejectedConnections = new LongAdder();
  final LongAdder rejectedStreams = new LongAdder();

  /**
   * Counts one more open stream unless {@code limit} are open already; the stream gives it back
   * when it closes. Exact across event loops (a compare-and-set, not a check then an add).
   */
  boolean tryReserveStream(long limit) {
    long open;
    do {
      open = openStreams.get();
      if (open >= limit) return false;
    } while (!openStreams.compareAndSet(open, open + 1));
    return true;
  }

  @Override
  public long connections() {
    return connections.get();
  }

  @Override
  public long openStreams() {
    return openStreams.get();
  }

  @Override
  public long streamsOpened() {
    return streamsOpened.sum();
  }

  @Override
  public long slowStreamCloses() {
    return slowStreamCloses.sum();
  }

  @Override
  public long deliveries() {
    return deliveries.sum();
  }

  @Override
  public long heartbeats() {
    return heartbeats.sum();
  }

  @Override
  public long rejectedConnections() {
    return rejectedConnections.sum();
  }

  @Override
  public long rejectedStreams() {
    return rejectedStreams.sum();
  }

  @Override
  public String toString() {
    return "ServerStats{connections=" + connections() + ", openStreams=" + openStreams()
        + ", streamsOpened=" + streamsOpened() + ", slowStreamCloses=" + slowStreamCloses()
        + ", deliveries=" + deliveries() + ", heartbeats=" + heartbeats()
        + ", rejectedConnections=" + rejectedConnections() + ", rejectedStreams=" + rejectedStreams() + '}';
  }
}
