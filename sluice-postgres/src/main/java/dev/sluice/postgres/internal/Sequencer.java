package dev.sluice.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Calls {@code <schema>.assign_positions}: gives committed updates their log positions. Any node
 * may call it at any time; PostgreSQL serializes the calls on the {@code log_state} row lock, and
 * a call that finds nothing pending returns at once without taking it.
 */
public final class Sequencer {
  /**
   * Most updates one call sequences: one short transaction holds the sequencer's lock for about
   * a millisecond per few hundred updates, so a backlog is worked off in bounded steps.
   */
  public static final int BATCH = 1000;
  /** Most calls one pass makes: 50,000 updates, after which the next wake-up goes on. */
  static final int MAX_CALLS_PER_PASS = 50;

  private final Sql sql;
  private final long keep;
  private final TransportStats stats;

  /** What became of the update the caller waits for. */
  public sealed interface Outcome permits Sequenced, NotYet, Gone {}

  public record Sequenced(long position, Instant storedAt) implements Outcome {}

  public record NotYet() implements Outcome {}

  /** Sequenced, then removed by retention before the caller could read its position. */
  public record Gone() implements Outcome {}

  public Sequencer(Sql sql, long keep, TransportStats stats) {
    this.sql = sql;
    this.keep = keep;
    this.stats = stats;
  }

  /** Sequences everything pending (bounded); returns how many updates this call sequenced. */
  public long pass(Connection c) throws SQLException {
    long total = 0;
    for (int i = 0; i < MAX_CALLS_PER_PASS; i++) {
      int assigned = call(c, null).assigned;
      total += assigned;
      if (assigned < BATCH) {
        break;
      }
    }
    return total;
  }

  /** Sequences until {@code entry} has a position (bounded); returns what became of it. */
  public Outcome until(Connection c, long entry) throws SQLException {
    for (int i = 0; i < MAX_CALLS_PER_PASS; i++) {
      Result r = call(c, entry);
      if (!r.found) {
        return new Gone();
      }
      if (r.position.isPresent()) {
        return new Sequenced(r.position.get(), r.storedAt);
      }
    }
    return new NotYet();
  }

  private record Result(int assigned, boolean found, Optional<Long> position, Instant storedAt) {}

  private Result call(Connection c, Long wanted) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.assignPositions())) {
      ps.setInt(1, BATCH);
      ps.setLong(2, keep);
      if (wanted == null) {
        ps.setNull(3, Types.BIGINT);
      } else {
        ps.setLong(3, wanted);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        int assigned = rs.getInt(2);
        stats.sequenced.add(assigned);
        boolean found = rs.getBoolean(3);
        long position = rs.getLong(4);
        Optional<Long> pos = rs.wasNull() ? Optional.empty() : Optional.of(position);
        OffsetDateTime at = rs.getObject(5, OffsetDateTime.class);
        return new Result(assigned, found, pos, at == null ? null : at.toInstant());
      }
    }
  }
}
