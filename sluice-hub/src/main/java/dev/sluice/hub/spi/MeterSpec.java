package dev.sluice.hub.spi;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * One documented meter: its lower.dot name, type, base unit and description. The hub's
 * {@code HubMeters} and a transport's own meter enum (sluice-redis's {@code RedisMeters}) hold one
 * per constant and register through it, so every meter is described and registered alike.
 *
 * <p>Base units are documented here but put into the registered meter only for seconds, so
 * Prometheus shows the conventional {@code sluice_hub_deliveries_total} rather than
 * {@code sluice_hub_deliveries_events_total}, and {@code sluice_redis_lag_time_seconds}.
 *
 * @param name the meter name, lower.dot
 * @param type the kind of meter
 * @param baseUnit the base unit, plural ({@code events}, {@code seconds})
 * @param description the one-line description shown by registries
 */
public record MeterSpec(String name, Type type, String baseUnit, String description) {
  /** The kind of meter. */
  public enum Type { COUNTER, GAUGE, SUMMARY }

  public MeterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(baseUnit, "baseUnit");
    Objects.requireNonNull(description, "description");
  }

  /** Registers this gauge, reading {@code value} from {@code source} (held strongly). */
  public <T> Gauge gauge(MeterRegistry registry, T source, ToDoubleFunction<T> value) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(value, "value");
    return Gauge.builder(name, source, value)
        .description(description)
        .baseUnit(registeredUnit())
        .strongReference(true)
        .register(registry);
  }

  /** Registers this gauge with {@code tags} as key, value pairs, reading {@code value} from {@code source}. */
  public <T> Gauge gauge(MeterRegistry registry, T source, ToDoubleFunction<T> value, String... tags) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(value, "value");
    return Gauge.builder(name, source, value)
        .description(description)
        .baseUnit(registeredUnit())
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  /** Registers this counter, reading {@code count}'s sum, with {@code tags} as key, value pairs. */
  public FunctionCounter counter(MeterRegistry registry, LongAdder count, String... tags) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(count, "count");
    return counter(registry, count, LongAdder::sum, tags);
  }

  /** Registers this counter, reading {@code count} from {@code source}. */
  public <T> FunctionCounter counter(MeterRegistry registry, T source, ToDoubleFunction<T> count,
      String... tags) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(count, "count");
    return FunctionCounter.builder(name, source, count)
        .description(description)
        .baseUnit(registeredUnit())
        .tags(tags)
        .register(registry);
  }

  /** Registers this distribution summary. */
  public DistributionSummary summary(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return DistributionSummary.builder(name)
        .description(description)
        .baseUnit(baseUnit)
        .register(registry);
  }

  private String registeredUnit() {
    return baseUnit.equals("seconds") ? baseUnit : null;
  }
}
