package dev.sluice.hub;

import dev.sluice.hub.spi.MeterSpec;
import dev.sluice.hub.spi.MeterSpec.Type;

/**
 * Every meter the hub registers, with its name, type, base unit and tags. Names are lower.dot;
 * the Prometheus endpoint shows them with dots as underscores and unit suffixes
 * ({@code sluice.hub.deliveries} → {@code sluice_hub_deliveries_total}).
 */
public enum HubMeters {
  /** Event streams open now. Gauge. */
  SUBSCRIBERS("sluice.hub.subscribers", Type.GAUGE, "subscribers", "Subscribers connected now"),
  /** Subscriptions (one per matcher) of the connected subscribers. Gauge. */
  SUBSCRIPTIONS("sluice.hub.subscriptions", Type.GAUGE, "subscriptions",
      "Subscriptions of the connected subscribers (one per matcher)"),
  /** Distinct exact topics subscribed to now. Gauge. */
  TOPICS("sluice.hub.topics", Type.GAUGE, "topics", "Distinct exact topics subscribed to now"),
  /** Updates accepted from publishers on this node. Counter. */
  UPDATES_PUBLISHED("sluice.hub.updates.published", Type.COUNTER, "updates",
      "Updates published through this node and stored"),
  /** Updates the dispatcher handled, from any node. Counter. */
  UPDATES_DISPATCHED("sluice.hub.updates.dispatched", Type.COUNTER, "updates",
      "Updates dispatched on this node, from any node"),
  /** Events handed to subscriber streams, live. Counter. */
  DELIVERIES("sluice.hub.deliveries", Type.COUNTER, "events", "Live events handed to subscribers"),
  /** Events sent from history during replay. Counter. */
  REPLAYED("sluice.hub.replayed", Type.COUNTER, "events", "Events sent from history on replay"),
  /** Replay requests, tag {@code result}: {@code hit} (id found, or earliest) or {@code miss}. */
  REPLAY_LOOKUPS("sluice.hub.replay.lookups", Type.COUNTER, "requests",
      "Replay requests by result (hit, miss)"),
  /**
   * Subscribers the hub closed, tag {@code reason}: {@code slow} (outbound queue full),
   * {@code replay_overflow} (too many live updates while catching up), {@code expired} (token),
   * {@code selector_cost} (its selectors cost too much to match and their slow lane fell behind).
   */
  SUBSCRIBERS_DROPPED("sluice.hub.subscribers.dropped", Type.COUNTER, "subscribers",
      "Subscribers closed by the hub, by reason"),
  /** Commands waiting for the dispatcher. Gauge. */
  DISPATCH_QUEUE("sluice.hub.dispatch.queue", Type.GAUGE, "commands",
      "Commands waiting for the dispatcher thread"),
  /** Appends accepted but not yet stored. Gauge. */
  STORE_QUEUE("sluice.hub.store.queue", Type.GAUGE, "updates", "Appends waiting to be stored"),
  /** Updates history holds now. Gauge. */
  HISTORY_SIZE("sluice.hub.history.size", Type.GAUGE, "updates", "Updates kept in history"),
  /** Always 1, tag {@code transport}: the server's I/O transport ({@code io_uring}, {@code epoll}, {@code nio}). Gauge. */
  IO_TRANSPORT("sluice.hub.io.transport", Type.GAUGE, "transports",
      "The server's I/O transport (tag transport: io_uring, epoll or nio); always 1");

  private final MeterSpec spec;

  HubMeters(String meterName, Type type, String baseUnit, String description) {
    this.spec = new MeterSpec(meterName, type, baseUnit, description);
  }

  /** Name, type, base unit and description; registers the meter. */
  public MeterSpec spec() {
    return spec;
  }

  public String meterName() {
    return spec.name();
  }
}
