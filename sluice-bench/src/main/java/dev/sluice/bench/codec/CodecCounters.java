package dev.sluice.bench.codec;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Extra JMH results next to the primary score: {@code bytes} and {@code events} are reported as
 * rates (shown as "ops/s": bytes per second and events per second).
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class CodecCounters {
  public long bytes;
  public long events;

  @Setup(Level.Iteration)
  public void reset() {
    bytes = 0;
    events = 0;
  }

  void add(int streamBytes, int streamEvents) {
    bytes += streamBytes;
    events += streamEvents;
  }
}
