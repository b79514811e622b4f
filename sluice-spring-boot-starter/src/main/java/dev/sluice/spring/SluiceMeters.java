package dev.sluice.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The starter's meters, bound into every registry of the application by Spring Boot:
 * <ul>
 *   <li>{@code sluice.publisher.updates} (counter, tag {@code outcome} = {@code published} |
 *       {@code failed}): updates published through {@link SluicePublisher};
 *   <li>{@code sluice.publisher.attempts} (counter): HTTP requests to the hub, retries included;
 *   <li>{@code sluice.sse.subscriptions} (gauge): hub subscriptions open for browser streams.
 * </ul>
 */
public final class SluiceMeters implements MeterBinder {
  private final PublishCounters counters;
  private final HubSubscriptions subscriptions; // Null: no backplane.

  public SluiceMeters(PublishCounters counters, HubSubscriptions subscriptions) {
    this.counters = counters;
    this.subscriptions = subscriptions;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("sluice.publisher.updates", counters, PublishCounters::published)
        .tag("outcome", "published").description("Updates the hub stored").register(registry);
    FunctionCounter.builder("sluice.publisher.updates", counters, PublishCounters::failed)
        .tag("outcome", "failed").description("Updates given up on").register(registry);
    FunctionCounter.builder("sluice.publisher.attempts", counters, PublishCounters::attempts)
        .description("HTTP requests to the hub, retries included").register(registry);
    if (subscriptions != null) {
      Gauge.builder("sluice.sse.subscriptions", subscriptions, HubSubscriptions::openSubscriptions)
          .description("Hub subscriptions open for browser streams").register(registry);
    }
  }
}
