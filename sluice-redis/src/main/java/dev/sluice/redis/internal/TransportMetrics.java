package dev.sluice.redis.internal;

import dev.sluice.redis.RedisMeters;
import io.micrometer.core.instrument.MeterRegistry;

/** Registers every {@link RedisMeters} meter, reading {@link TransportStats}. */
public final class TransportMetrics {
  private TransportMetrics() {}

  public static void bind(MeterRegistry registry, TransportStats stats) {
    RedisMeters.LAG_ENTRIES.spec().gauge(registry, stats, s -> s.lagEntries);
    RedisMeters.LAG_TIME.spec().gauge(registry, stats, s -> s.lagMillis / 1000.0);
    RedisMeters.CONNECTED.spec().gauge(registry, stats, s -> s.readerConnected ? 1 : 0);
    RedisMeters.STREAM_LENGTH.spec().gauge(registry, stats, s -> s.streamLength);
    RedisMeters.RECONNECTS.spec().counter(registry, stats.reconnects);
    RedisMeters.APPEND_FAILURES.spec().counter(registry, stats.appendFailures);
    RedisMeters.MISSED.spec().counter(registry, stats.missed);
    stats.bindBatchSizes(RedisMeters.READ_BATCH.spec().summary(registry));
  }
}
