package dev.sluice.postgres.internal;

import dev.sluice.postgres.PostgresTransportConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens connections to PostgreSQL with the transport's settings: credentials as properties (never
 * in the URL, so never in a driver message), connect and socket timeouts, TCP keep-alive.
 *
 * <p>It calls the driver directly rather than through {@code DriverManager}, whose class-loader
 * rules trip over shaded jars and plug-in class paths.
 */
public final class Connections {
  /**
   * Floor of the socket timeout: the longest any statement may go unanswered before the
   * connection is declared dead. Above the sequencer's 5 s lock timeout, so a wait for the
   * sequencer's lock fails as a lock timeout rather than as a broken connection.
   */
  static final int MIN_SOCKET_TIMEOUT_SECONDS = 10;
  /**
   * Floor of the connect and login timeout. A cold JVM's first SCRAM login (PBKDF2, 4,096
   * rounds, in Java) took over 2 s on a loaded 2-core machine; a node must not refuse to start for
   * that. Publishes never wait on it: they fail at once while the reader is disconnected.
   */
  static final int MIN_CONNECT_TIMEOUT_SECONDS = 10;

  private final PostgresTransportConfig config;
  private final org.postgresql.Driver driver = new org.postgresql.Driver();
  private final Properties properties = new Properties();

  public Connections(PostgresTransportConfig config) {
    this.config = config;
    properties.putAll(config.driverProperties());
    config.user().ifPresent(u -> properties.setProperty("user", u));
    config.password().ifPresent(p -> properties.setProperty("password", p));
    long timeoutSeconds = Math.max(1, config.commandTimeout().toSeconds());
    long connectSeconds = Math.max(MIN_CONNECT_TIMEOUT_SECONDS, timeoutSeconds);
    properties.setProperty("connectTimeout", Long.toString(connectSeconds));
    properties.setProperty("loginTimeout", Long.toString(connectSeconds));
    properties.setProperty("socketTimeout",
        Long.toString(Math.max(MIN_SOCKET_TIMEOUT_SECONDS, 3 * timeoutSeconds)));
    properties.setProperty("tcpKeepAlive", "true");
    properties.putIfAbsent("ApplicationName", "sluice-hub");
  }

  /** Opens a connection in autocommit mode: every statement of the transport is its own transaction. */
  public Connection open() throws SQLException {
    Connection c = driver.connect(config.jdbcUrl(), properties);
    if (c == null) {
      throw new SQLException("the PostgreSQL driver refused " + config.safeUri());
    }
    c.setAutoCommit(true);
    try (Statement st = c.createStatement()) {
      // Positions must be durable before any node reads them: after a crash, a number that was
      // read but lost would be handed to another update. Raise "off" (a role's or database's
      // default); leave any stronger setting (remote_apply, …) as the operator chose it.
      st.execute("SELECT set_config('synchronous_commit', 'on', false) "
          + "WHERE current_setting('synchronous_commit') = 'off'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * True when {@code e} means the connection is gone (class 08, or the server shutting down),
   * rather than a statement failing on a working connection.
   */
  public static boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P");
  }
}
