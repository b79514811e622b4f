package dev.sluice.postgres.internal;

import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.StoredUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * History reads for replay, each on a connection the caller leased.
 *
 * <p>Forward reads stop at the reader's delivered mark (see {@link LogReader}): an update this
 * node has not yet handed to its dispatcher is left to the live feed, never sent twice. Event ids
 * are found through an index on {@code (event_id, position)}; a reused id means its newest update.
 */
public final class LogHistory {
  private final Sql sql;
  private final LongSupplier delivered;

  public LogHistory(Sql sql, LongSupplier delivered) {
    this.sql = sql;
    this.delivered = delivered;
  }

  public HistoryLookup after(Connection c, String eventId, int limit) throws SQLException {
    long mark = delivered.getAsLong();
    Optional<StoredUpdate> anchor;
    try (PreparedStatement ps = c.prepareStatement(sql.byEventId())) {
      ps.setString(1, eventId);
      anchor = first(ps);
    }
    if (anchor.isEmpty()) {
      return new HistoryLookup.Unknown(eventId);
    }
    long from = anchor.get().position();
    List<StoredUpdate> page = from >= mark ? List.of() : between(c, from, mark, limit);
    return new HistoryLookup.Found(new History(anchor, page, complete(page, limit, mark)));
  }

  public History from(Connection c, long afterPosition, int limit) throws SQLException {
    long mark = delivered.getAsLong();
    if (afterPosition >= mark) {
      return new History(Optional.empty(), List.of(), true);
    }
    List<StoredUpdate> page = between(c, afterPosition, mark, limit);
    return new History(Optional.empty(), page, complete(page, limit, mark));
  }

  public List<StoredUpdate> before(Connection c, long position, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.pageBefore())) {
      ps.setLong(1, position);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        return Rows.all(rs, new int[1]);
      }
    }
  }

  public Optional<StoredUpdate> last(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.last())) {
      return first(ps);
    }
  }

  private List<StoredUpdate> between(Connection c, long after, long upTo, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.pageBetween())) {
      ps.setLong(1, after);
      ps.setLong(2, upTo);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        return Rows.all(rs, new int[1]);
      }
    }
  }

  private static Optional<StoredUpdate> first(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<StoredUpdate> rows = Rows.all(rs, new int[1]);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
  }

  /** Complete when the page ends at the mark or holds less than asked: nothing this node knows follows. */
  private static boolean complete(List<StoredUpdate> page, int limit, long mark) {
    return page.size() < limit || page.get(page.size() - 1).position() >= mark;
  }
}
