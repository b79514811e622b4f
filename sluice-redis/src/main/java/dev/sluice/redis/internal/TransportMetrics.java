package dev.sluice.redis.internal;

import dev.sluice.redis.RedisMeters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/** Registers every {@link RedisMeters} meter, reading {@link TransportStats}. */
public final class TransportMetrics {
  private TransportMetrics() {}

  public static void bind(MeterRegistry registry, TransportStats stats) {
    gauge(registry, RedisMeters.LAG_ENTRIES, stats, s -> s.lagEntries);
    gauge(registry, RedisMeters.LAG_TIME, stats, s -> s.lagMillis / 1000.0);
    gauge(registry, RedisMeters.CONNECTED, stats, s -> s.readerConnected ? 1 : 0);
    gauge(registry, RedisMeters.STREAM_LENGTH, stats, s -> s.streamLength);
    counter(registry, RedisMeters.RECONNECTS, stats.reconnects);
    counter(registry, RedisMeters.APPEND_FAILURES, stats.appendFailures);
    counter(registry, RedisMeters.MISSED, stats.missed);
    stats.bindBatchSizes(DistributionSummary.builder(RedisMeters.READ_BATCH.meterName())
        .description(RedisMeters.READ_BATCH.description())
        .baseUnit(RedisMeters.READ_BATCH.baseUnit())
        .register(registry));
  }

  private static void gauge(MeterRegistry registry, RedisMeters meter, TransportStats stats,
      ToDoubleFunction<TransportStats> value) {
    Gauge.builder(meter.meterName(), stats, value)
        .description(meter.description())
        .baseUnit(meter.baseUnit().equals("seconds") ? "seconds" : null)
        .strongReference(true)
        .register(registry);
  }

  private static void counter(MeterRegistry registry, RedisMeters meter, LongAdder adder) {
    FunctionCounter.builder(meter.meterName(), adder, LongAdder::sum)
        .description(meter.description())
        .register(registry);
  }
}
