package dev.sluice.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Calls {@code <schema>.assign_positions} as its own transaction: gives committed updates (from
 * applications' transactions) their log positions. Any node may call it at any time; PostgreSQL
 * serializes the calls on the {@code log_state} row lock, and a call that finds nothing pending
 * returns at once without taking it.
 */
public final class Sequencer {
  /**
   * Most updates one call sequences: one short transaction holds the sequencer's lock for about
   * a millisecond per few hundred updates, so a backlog is worked off in bounded steps.
   */
  public static final int BATCH = 1000;
  /** Most calls one pass makes: 50,000 updates, after which the next wake-up goes on. */
  public static final int MAX_CALLS_PER_PASS = 50;

  private final Sql sql;
  private final long keep;
  private final TransportStats stats;

  public Sequencer(Sql sql, long keep, TransportStats stats) {
    this.sql = sql;
    this.keep = keep;
    this.stats = stats;
  }

  /** Sequences everything pending (bounded); returns how many updates this call sequenced. */
  public long pass(Connection c) throws SQLException {
    long total = 0;
    for (int i = 0; i < MAX_CALLS_PER_PASS; i++) {
      int assigned = call(c);
      total += assigned;
      if (assigned < BATCH) {
        break;
      }
    }
    return total;
  }

  private int call(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.assignPositions())) {
      ps.setInt(1, BATCH);
      ps.setLong(2, keep);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        int assigned = rs.getInt(2);
        stats.sequenced.add(assigned);
        return assigned;
      }
    }
  }
}
