package dev.sluice.hub.internal;

import dev.sluice.hub.HubMeters;
import dev.sluice.hub.internal.dispatch.DispatchCounters;
import dev.sluice.hub.internal.dispatch.Dispatcher;
import dev.sluice.hub.internal.http.Subscriptions;
import dev.sluice.hub.spi.UpdateLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/** Registers every {@link HubMeters} meter on a registry, reading the hub's own counters. */
final class HubMetrics {
  private HubMetrics() {}

  static void bind(MeterRegistry registry, DispatchCounters counters, LongAdder published,
      Dispatcher dispatcher, Subscriptions subscriptions, UpdateLog log) {
    gauge(registry, HubMeters.SUBSCRIBERS, dispatcher, Dispatcher::subscriberCount);
    gauge(registry, HubMeters.SUBSCRIPTIONS, subscriptions, Subscriptions::subscriptionCount);
    gauge(registry, HubMeters.TOPICS, dispatcher, Dispatcher::exactTopicCount);
    gauge(registry, HubMeters.DISPATCH_QUEUE, dispatcher, Dispatcher::queueDepth);
    gauge(registry, HubMeters.STORE_QUEUE, log, UpdateLog::pendingAppends);
    gauge(registry, HubMeters.HISTORY_SIZE, log, UpdateLog::size);
    counter(registry, HubMeters.UPDATES_PUBLISHED, published);
    counter(registry, HubMeters.UPDATES_DISPATCHED, counters.updatesDispatched);
    counter(registry, HubMeters.DELIVERIES, counters.deliveries);
    counter(registry, HubMeters.REPLAYED, counters.replayed);
    counter(registry, HubMeters.REPLAY_LOOKUPS, counters.replayHits, "result", "hit");
    counter(registry, HubMeters.REPLAY_LOOKUPS, counters.replayMisses, "result", "miss");
    counter(registry, HubMeters.SUBSCRIBERS_DROPPED, counters.droppedSubscribers,
        "reason", "replay_overflow");
    counter(registry, HubMeters.SUBSCRIBERS_DROPPED, counters.expiredSubscribers,
        "reason", "expired");
    counter(registry, HubMeters.SUBSCRIBERS_DROPPED, counters.slowLaneEvictions,
        "reason", "selector_cost");
  }

  private static <T> void gauge(MeterRegistry registry, HubMeters meter, T source,
      ToDoubleFunction<T> value) {
    meter.spec().gauge(registry, source, value);
  }

  private static void counter(MeterRegistry registry, HubMeters meter, LongAdder adder,
      String... tags) {
    meter.spec().counter(registry, adder, tags);
  }
}
