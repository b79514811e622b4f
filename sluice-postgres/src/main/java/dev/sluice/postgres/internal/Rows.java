package dev.sluice.postgres.internal;

import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decodes rows of {@link Sql#COLUMNS} into stored updates. */
public final class Rows {
  private static final System.Logger LOG = System.getLogger(Rows.class.getName());

  private Rows() {}

  /** The update in the current row. */
  public static StoredUpdate toStored(ResultSet rs) throws SQLException {
    long position = rs.getLong(1);
    OffsetDateTime storedAt = rs.getObject(2, OffsetDateTime.class);
    Update.Builder update = Update.builder().id(rs.getString(3));
    Array topics = rs.getArray(4);
    update.topics(Arrays.asList((String[]) topics.getArray()));
    update.data(rs.getString(5));
    update.privateUpdate(rs.getBoolean(6));
    String type = rs.getString(7);
    if (type != null) {
      update.type(type);
    }
    long retry = rs.getLong(8);
    if (!rs.wasNull()) {
      update.retry(Duration.ofMillis(retry));
    }
    return new StoredUpdate(update.build(), position, storedAt.toInstant());
  }

  /**
   * Every row of {@code rs}. A row that is not a valid update (written around
   * {@code sluice.publish}, say with a NUL-free but CR-carrying type) is logged and skipped, so
   * that one bad row never stops a node; {@code rowsRead} still counts it.
   */
  public static List<StoredUpdate> all(ResultSet rs, int[] rowsRead) throws SQLException {
    List<StoredUpdate> updates = new ArrayList<>();
    while (rs.next()) {
      rowsRead[0]++;
      try {
        updates.add(toStored(rs));
      } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
        LOG.log(System.Logger.Level.ERROR, "event=postgres_row_skipped position=" + rs.getLong(1), e);
      }
    }
    return updates;
  }
}
