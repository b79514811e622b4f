package dev.sluice.postgres.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates or migrates the transport's schema when a node starts.
 *
 * <p>All in one transaction under a transaction-level advisory lock, so nodes starting together
 * install it once, and a failed migration leaves nothing half done (DDL is transactional in
 * PostgreSQL). {@code <schema>.schema_version} records every version applied; a database at a
 * version newer than this code knows is refused rather than guessed at.
 */
public final class Schema {
  /** Migrations in order; index + 1 is the version each brings the schema to. */
  static final List<String> MIGRATIONS = List.of("V1.sql");
  /** The advisory lock class for migrations (with the schema name's hash as the object). */
  static final int MIGRATION_LOCK = 0x51CE;

  private final String schema;
  private final String channel;

  public Schema(String schema, String channel) {
    this.schema = schema;
    this.channel = channel;
  }

  /** The newest version this code installs. */
  public static int latest() {
    return MIGRATIONS.size();
  }

  /** Brings the schema to {@link #latest()}; returns the version it found (0 for none). */
  public int migrate(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ", hashtext('" + schema + "'))");
      // CREATE SCHEMA needs CREATE on the database even when the schema exists; a role given
      // only a schema of its own (docs/cluster.md) must not need it.
      boolean exists;
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'")) {
        exists = rs.next();
      }
      if (!exists) {
        st.execute("CREATE SCHEMA " + schema);
      }
      st.execute("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version ("
          + "version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
      int found;
      try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_version")) {
        rs.next();
        found = rs.getInt(1);
      }
      if (found > latest()) {
        throw new SQLException("schema " + schema + " is at version " + found
            + ", newer than this Sluice knows (" + latest() + "): upgrade Sluice on this node", "55000");
      }
      for (int version = found + 1; version <= latest(); version++) {
        st.execute(script(MIGRATIONS.get(version - 1)));
        st.execute("INSERT INTO " + schema + ".schema_version (version) VALUES (" + version + ")");
      }
      c.commit();
      return found;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private String script(String name) {
    try (InputStream in = Schema.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("migration " + name + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("__SCHEMA__", schema).replace("__CHANNEL__", channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
