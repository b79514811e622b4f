package dev.sluice.redis;

import dev.sluice.hub.spi.MeterSpec;
import dev.sluice.hub.spi.MeterSpec.Type;

/**
 * Every meter the Redis transport registers on the hub's registry, with name, type, base unit and
 * tags. Names are lower.dot; Prometheus shows dots as underscores with unit suffixes
 * ({@code sluice.redis.lag.time} → {@code sluice_redis_lag_time_seconds}).
 */
public enum RedisMeters {
  /** Entries in the stream this node has not delivered yet, sampled every second. Gauge. */
  LAG_ENTRIES("sluice.redis.lag.entries", Type.GAUGE, "entries",
      "Entries stored in Redis that this node has not delivered yet"),
  /**
   * Age of the oldest entry this node has not delivered yet, by Redis's clock, sampled every
   * second; 0 when caught up. Gauge, seconds (millisecond resolution).
   */
  LAG_TIME("sluice.redis.lag.time", Type.GAUGE, "seconds",
      "Age of the oldest entry this node has not delivered yet"),
  /** Times the reader lost its connection and connected again. Counter. */
  RECONNECTS("sluice.redis.reconnects", Type.COUNTER, "reconnects",
      "Reader connections to Redis re-established after a failure"),
  /** Whether the reader is connected now (1) or not (0). Gauge. */
  CONNECTED("sluice.redis.connected", Type.GAUGE, "connections",
      "1 when this node's stream reader is connected to Redis"),
  /** Entries per non-empty {@code XREAD}. Distribution summary. */
  READ_BATCH("sluice.redis.read.batch", Type.SUMMARY, "entries", "Entries per stream read"),
  /** Appends that failed (the publisher got 503). Counter. */
  APPEND_FAILURES("sluice.redis.append.failures", Type.COUNTER, "updates",
      "Appends that Redis did not confirm; the publisher was answered 503"),
  /**
   * Entries retention removed before this node read them (it fell behind by more than the
   * retention window); its live subscribers miss them. Counter.
   */
  MISSED("sluice.redis.missed", Type.COUNTER, "entries",
      "Entries trimmed by retention before this node could read them"),
  /** Entries the stream holds now, sampled every second. Gauge. */
  STREAM_LENGTH("sluice.redis.stream.length", Type.GAUGE, "entries", "Entries in the stream");

  private final MeterSpec spec;

  RedisMeters(String meterName, Type type, String baseUnit, String description) {
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
