package dev.sluice.llm.internal;

import dev.sluice.llm.LlmMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/** The relay's meters, registered once per relay; see {@link LlmMeters}. */
public final class RelayMeters {
  public final Counter started;
  public final Counter resumed;
  public final Counter cancelled;
  public final Counter failed;
  public final Timer catchUp;
  public final AtomicInteger active = new AtomicInteger();

  public RelayMeters(MeterRegistry registry, String node) {
    started = Counter.builder(LlmMeters.GENERATIONS_STARTED.meterName()).tag("node", node)
        .description("Generations this node started").register(registry);
    resumed = Counter.builder(LlmMeters.GENERATIONS_RESUMED.meterName()).tag("node", node)
        .description("Response streams opened with a cursor").register(registry);
    cancelled = Counter.builder(LlmMeters.GENERATIONS_CANCELLED.meterName()).tag("node", node)
        .description("Generations this node stopped on a cancel request").register(registry);
    failed = Counter.builder(LlmMeters.GENERATIONS_FAILED.meterName()).tag("node", node)
        .description("Generations this node ended as failed").register(registry);
    catchUp = Timer.builder(LlmMeters.RESUME_CATCHUP.meterName()).tag("node", node)
        .description("From a resuming stream's open to its catching up with the generation")
        .publishPercentiles(0.5, 0.99).register(registry);
    Gauge.builder(LlmMeters.GENERATIONS_ACTIVE.meterName(), active, AtomicInteger::get).tag("node", node)
        .description("Generations running on this node").register(registry);
  }
}
