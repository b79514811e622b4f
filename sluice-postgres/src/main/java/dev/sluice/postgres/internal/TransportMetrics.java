package dev.sluice.postgres.internal;

import dev.sluice.postgres.PostgresMeters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/** Registers every {@link PostgresMeters} meter, reading {@link TransportStats}. */
public final class TransportMetrics {
  private TransportMetrics() {}

  public static void bind(MeterRegistry registry, TransportStats stats) {
    gauge(registry, PostgresMeters.LAG_ENTRIES, stats, s -> s.lagEntries);
    gauge(registry, PostgresMeters.LAG_TIME, stats, s -> s.lagMillis / 1000.0);
    gauge(registry, PostgresMeters.PENDING, stats, s -> s.pending);
    gauge(registry, PostgresMeters.CONNECTED, stats, s -> s.readerConnected ? 1 : 0);
    gauge(registry, PostgresMeters.LOG_LENGTH, stats, s -> s.logLength);
    counter(registry, PostgresMeters.WAKEUPS, Tags.of("cause", "notify"), stats.notifyWakeups);
    counter(registry, PostgresMeters.WAKEUPS, Tags.of("cause", "poll"), stats.pollWakeups);
    counter(registry, PostgresMeters.SEQUENCED, Tags.empty(), stats.sequenced);
    counter(registry, PostgresMeters.RECONNECTS, Tags.empty(), stats.reconnects);
    counter(registry, PostgresMeters.APPEND_FAILURES, Tags.empty(), stats.appendFailures);
    counter(registry, PostgresMeters.MISSED, Tags.empty(), stats.missed);
    stats.bindBatchSizes(DistributionSummary.builder(PostgresMeters.READ_BATCH.meterName())
        .description(PostgresMeters.READ_BATCH.description())
        .baseUnit(PostgresMeters.READ_BATCH.baseUnit())
        .register(registry));
  }

  private static void gauge(MeterRegistry registry, PostgresMeters meter, TransportStats stats,
      ToDoubleFunction<TransportStats> value) {
    Gauge.builder(meter.meterName(), stats, value)
        .description(meter.description())
        .baseUnit(meter.baseUnit().equals("seconds") ? "seconds" : null)
        .strongReference(true)
        .register(registry);
  }

  private static void counter(MeterRegistry registry, PostgresMeters meter, Tags tags, LongAdder adder) {
    FunctionCounter.builder(meter.meterName(), adder, LongAdder::sum)
        .description(meter.description())
        .tags(tags)
        .register(registry);
  }
}
