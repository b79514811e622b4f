package dev.sluice.postgres.internal;

import dev.sluice.hub.spi.Retention;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What each node does once per interval: apply retention (the sequencer trims by count as it
 * goes, but an idle log still ages) and sample its lag and the log's length. While the reader is
 * disconnected the tick does nothing.
 */
public final class Maintenance implements Runnable {
  private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());
  /** Most updates one retention call removes; a tick makes at most {@link #MAX_CALLS} calls. */
  static final int TRIM_BATCH = 1000;
  static final int MAX_CALLS = 10;

  private final ConnectionPool pool;
  private final Duration borrowWait;
  private final BooleanSupplier connected;
  private final Sql sql;
  private final Retention retention;
  private final LongSupplier delivered;
  private final TransportStats stats;

  public Maintenance(ConnectionPool pool, Duration borrowWait, BooleanSupplier connected, Sql sql,
      Retention retention, LongSupplier delivered, TransportStats stats) {
    this.pool = pool;
    this.borrowWait = borrowWait;
    this.connected = connected;
    this.sql = sql;
    this.retention = retention;
    this.delivered = delivered;
    this.stats = stats;
  }

  @Override
  public void run() {
    if (!connected.getAsBoolean()) {
      return;
    }
    try (ConnectionPool.Lease lease = pool.borrow(borrowWait)) {
      try {
        trim(lease.connection());
        sample(lease.connection());
      } catch (SQLException e) {
        lease.failed(e);
        LOG.log(Level.DEBUG, "event=postgres_maintenance_failed error={0}", e.toString());
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.DEBUG, "event=postgres_maintenance_failed error={0}", e.toString());
    }
  }

  private void trim(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.applyRetention())) {
      ps.setLong(1, retention.maxCount());
      ps.setLong(2, retention.hasAgeLimit() ? Math.max(1, retention.maxAge().toMillis()) : 0);
      ps.setInt(3, TRIM_BATCH);
      for (int i = 0; i < MAX_CALLS; i++) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) < TRIM_BATCH) {
            return;
          }
        }
      }
    }
  }

  private void sample(Connection c) throws SQLException {
    long mark = delivered.getAsLong();
    try (PreparedStatement ps = c.prepareStatement(sql.sample())) {
      ps.setLong(1, mark);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long tail = rs.getLong(1);
        OffsetDateTime now = rs.getObject(3, OffsetDateTime.class);
        long first = rs.getLong(4);
        boolean empty = rs.wasNull();
        stats.pending = rs.getLong(5);
        OffsetDateTime next = rs.getObject(6, OffsetDateTime.class);
        stats.logLength = empty ? 0 : tail - first + 1;
        stats.lagEntries = Math.max(0, tail - mark);
        stats.lagMillis = next == null ? 0
            : Math.max(0, Duration.between(next, now).toMillis());
      }
    }
  }
}
