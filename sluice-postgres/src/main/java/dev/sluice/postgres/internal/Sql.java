package dev.sluice.postgres.internal;

/**
 * The transport's statements for one schema. The schema name is validated by the config (a
 * lower-case SQL name), so it is safe to splice into statement text.
 */
public final class Sql {
  /** The columns {@link Rows#toStored} decodes, in its order. */
  static final String COLUMNS = "position, stored_at, event_id, topics, data, private, type, retry_ms";

  /** The advisory lock class for event ids (the migration lock is {@code 0x51CE}). */
  static final int EVENT_ID_LOCK = 0x51CF;

  private final String schema;
  private final String channel;

  public Sql(String schema, String channel) {
    this.schema = schema;
    this.channel = channel;
  }

  public String channel() {
    return channel;
  }

  public String listen() {
    return "LISTEN " + channel;
  }

  /**
   * The hub's own append: an insert inside the appender's transaction. It sends no notification:
   * the same transaction sequences it, and that sends the wake-up every node reads on.
   */
  public String insert() {
    return "INSERT INTO " + schema + ".updates (event_id, topics, data, private, type, retry_ms) "
        + "VALUES (?, ?, ?, ?, ?, ?) RETURNING entry";
  }

  /** The positions of the hub's own inserts, within their transaction: {@code (entries bigint[])}. */
  public String positionsOf() {
    return "SELECT entry, position, stored_at FROM " + schema + ".updates WHERE entry = ANY(?)";
  }

  /** {@code (max_rows, keep)} → last position assigned, how many. */
  public String assignPositions() {
    return "SELECT last, assigned FROM " + schema + ".assign_positions(?, ?)";
  }

  /** {@code (keep, max_age_ms, max_rows)} → rows removed. */
  public String applyRetention() {
    return "SELECT " + schema + ".apply_retention(?, ?, ?)";
  }

  /** Updates after a position, up to a position, oldest first: {@code (after, upTo, limit)}. */
  public String pageBetween() {
    return "SELECT " + COLUMNS + " FROM " + schema + ".updates WHERE position > ? AND position <= ? "
        + "ORDER BY position LIMIT ?";
  }

  /** Updates after a position, oldest first: {@code (after, limit)}. */
  public String pageAfter() {
    return "SELECT " + COLUMNS + " FROM " + schema + ".updates WHERE position > ? "
        + "ORDER BY position LIMIT ?";
  }

  /** The last position of the page {@code (after, limit)} would read. */
  public String pageEnd() {
    return "SELECT max(position) FROM (SELECT position FROM " + schema + ".updates "
        + "WHERE position > ? ORDER BY position LIMIT ?) page";
  }

  /** Updates before a position, newest first: {@code (before, limit)}. */
  public String pageBefore() {
    return "SELECT " + COLUMNS + " FROM " + schema + ".updates WHERE position < ? "
        + "ORDER BY position DESC LIMIT ?";
  }

  /**
   * The earliest sequenced update carrying an event id: {@code (event_id)}. The hub never stores an
   * id twice, but an application's {@code publish()} may; Mercure 1.0 resolves a reused id to the
   * earliest update bearing it.
   */
  public String byEventId() {
    return "SELECT " + COLUMNS + " FROM " + schema + ".updates WHERE event_id = ? "
        + "AND position IS NOT NULL ORDER BY position LIMIT 1";
  }

  /**
   * Serialises appends of the same event ids across nodes until the appender's transaction ends:
   * {@code (event_ids text[])}, locked in one order so two batches cannot deadlock.
   */
  public String lockEventIds() {
    return "SELECT count(pg_advisory_xact_lock(" + EVENT_ID_LOCK + ", h)) FROM (SELECT DISTINCT "
        + "hashtext('" + schema + ":' || x) AS h FROM unnest(?::text[]) x ORDER BY h) ids";
  }

  /**
   * The sequenced updates history holds for these event ids, earliest first:
   * {@code (event_ids text[], max_age_ms)} ({@code 0}: no age limit).
   */
  public String heldEventIds() {
    return "SELECT " + COLUMNS + " FROM " + schema + ".updates WHERE event_id = ANY(?) "
        + "AND position IS NOT NULL AND (?::bigint = 0 OR stored_at >= clock_timestamp() - "
        + "?::bigint * interval '1 millisecond') ORDER BY position";
  }

  public String last() {
    return "SELECT " + COLUMNS + " FROM " + schema + ".updates WHERE position IS NOT NULL "
        + "ORDER BY position DESC LIMIT 1";
  }

  /** The log's origin and tail. */
  public String state() {
    return "SELECT origin, last_position FROM " + schema + ".log_state";
  }

  /**
   * One row for the meters: tail, origin, PostgreSQL's clock, first held position, updates
   * committed but not sequenced, and the time of the first update after {@code (delivered)}.
   */
  public String sample() {
    return "SELECT s.last_position, s.origin, clock_timestamp(), "
        + "(SELECT min(position) FROM " + schema + ".updates), "
        + "(SELECT count(*) FROM " + schema + ".updates WHERE position IS NULL), "
        + "(SELECT stored_at FROM " + schema + ".updates WHERE position > ? ORDER BY position LIMIT 1) "
        + "FROM " + schema + ".log_state s";
  }
}
