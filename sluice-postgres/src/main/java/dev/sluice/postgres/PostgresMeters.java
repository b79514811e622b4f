package dev.sluice.postgres;

/**
 * Every meter the PostgreSQL transport registers on the hub's registry, with name, type, base
 * unit and description. Names are lower.dot; Prometheus shows dots as underscores with unit
 * suffixes ({@code sluice.postgres.lag.time} → {@code sluice_postgres_lag_time_seconds}).
 */
public enum PostgresMeters {
  /** Sequenced updates this node has not delivered yet, sampled every second. Gauge. */
  LAG_ENTRIES("sluice.postgres.lag.entries", Type.GAUGE, "entries",
      "Updates sequenced in PostgreSQL that this node has not delivered yet"),
  /**
   * Age of the oldest sequenced update this node has not delivered yet, by PostgreSQL's clock,
   * sampled every second; 0 when caught up. Gauge, seconds.
   */
  LAG_TIME("sluice.postgres.lag.time", Type.GAUGE, "seconds",
      "Age of the oldest update this node has not delivered yet"),
  /** Updates committed but not yet given a position, sampled every second. Gauge. */
  PENDING("sluice.postgres.pending", Type.GAUGE, "entries",
      "Updates committed but not yet sequenced"),
  /** Times the reader woke up, by cause: {@code cause=notify} or {@code cause=poll}. Counter. */
  WAKEUPS("sluice.postgres.wakeups", Type.COUNTER, "wakeups",
      "Reader wake-ups, by a notification or by the periodic poll"),
  /** Updates this node gave positions to (as reader or as publisher). Counter. */
  SEQUENCED("sluice.postgres.sequenced", Type.COUNTER, "updates",
      "Updates this node sequenced"),
  /** Times the reader lost its connection and connected again. Counter. */
  RECONNECTS("sluice.postgres.reconnects", Type.COUNTER, "reconnects",
      "Reader connections to PostgreSQL re-established after a failure"),
  /** Whether the reader is connected now (1) or not (0). Gauge. */
  CONNECTED("sluice.postgres.connected", Type.GAUGE, "connections",
      "1 when this node's reader is connected to PostgreSQL"),
  /** Updates per non-empty read. Distribution summary. */
  READ_BATCH("sluice.postgres.read.batch", Type.SUMMARY, "entries", "Updates per read"),
  /** Appends that failed (the publisher got 503). Counter. */
  APPEND_FAILURES("sluice.postgres.append.failures", Type.COUNTER, "updates",
      "Appends PostgreSQL did not confirm; the publisher was answered 503"),
  /** Updates retention removed before this node read them. Counter. */
  MISSED("sluice.postgres.missed", Type.COUNTER, "entries",
      "Updates removed by retention before this node could read them"),
  /** Sequenced updates the table holds now, sampled every second. Gauge. */
  LOG_LENGTH("sluice.postgres.log.length", Type.GAUGE, "entries", "Sequenced updates held");

  /** The kind of meter. */
  public enum Type { COUNTER, GAUGE, SUMMARY }

  private final String meterName;
  private final Type type;
  private final String baseUnit;
  private final String description;

  PostgresMeters(String meterName, Type type, String baseUnit, String description) {
    this.meterName = meterName;
    this.type = type;
    this.baseUnit = baseUnit;
    this.description = description;
  }

  public String meterName() {
    return meterName;
  }

  public Type type() {
    return type;
  }

  public String baseUnit() {
    return baseUnit;
  }

  public String description() {
    return description;
  }
}
