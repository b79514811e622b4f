package dev.sluice.publisher;

import static java.util.Objects.requireNonNull;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.regex.Pattern;

/**
 * Publishes an {@link Update} inside the application's own database transaction, through the
 * {@code sluice.publish(…)} function that a hub on the PostgreSQL transport ({@code sluice-postgres})
 * installs with its schema. The update is published if and only if the caller's transaction
 * commits: subscribers on every hub node receive it within milliseconds of the commit, never before
 * it, and never after a rollback. No second system to write to, so no dual write to get wrong.
 *
 * <pre>{@code
 * JdbcPublisher publisher = JdbcPublisher.create();          // schema "sluice"
 * try (Connection conn = dataSource.getConnection()) {
 *   conn.setAutoCommit(false);
 *   orders.markShipped(conn, 42);
 *   publisher.publish(conn, Update.of("https://example.com/orders/42", "{\"status\":\"shipped\"}"));
 *   conn.commit();                                           // now, and only now, it is delivered
 * }
 * }</pre>
 * With Spring, call it with {@code DataSourceUtils.getConnection(dataSource)} (or a
 * {@code JdbcTemplate}'s {@code ConnectionCallback}) inside a {@code @Transactional} method.
 *
 * <p>On a connection in auto-commit mode the call publishes at once, like an HTTP publish. The
 * application's database role needs {@code USAGE} on the schema and {@code EXECUTE} on the
 * function (docs/cluster.md, "Publishing from the application's transaction"). Needs only
 * {@code java.sql} and a PostgreSQL JDBC driver at run time; immutable and thread-safe (the
 * connection is the caller's, used by one thread at a time as JDBC requires).
 */
public final class JdbcPublisher {
  /** The schema {@code sluice-postgres} installs into unless its URI says {@code ?schema=…}. */
  public static final String DEFAULT_SCHEMA = "sluice";
  /** The same rule the transport applies to {@code ?schema=}: the name is spliced into SQL. */
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final String sql;

  private JdbcPublisher(String schema) {
    // Every argument positional, so one statement text (prepared once per connection by the
    // driver) serves every update; NULLs take the function's defaults' place.
    this.sql = "SELECT " + schema + ".publish(?, ?, ?, ?, ?, ?)";
  }

  /** A publisher for the default schema, {@value #DEFAULT_SCHEMA}. */
  public static JdbcPublisher create() {
    return new JdbcPublisher(DEFAULT_SCHEMA);
  }

  /**
   * A publisher for a hub whose transport URI names another schema ({@code ?schema=shop}).
   *
   * @throws IllegalArgumentException unless {@code schema} is a lower-case SQL name
   */
  public static JdbcPublisher forSchema(String schema) {
    requireNonNull(schema, "schema");
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema must be a lower-case SQL name (letters, digits, _; at most 63): " + schema);
    }
    return new JdbcPublisher(schema);
  }

  /**
   * Publishes {@code update} as part of {@code connection}'s current transaction.
   *
   * @return the update's event id: the one it asked for, else the one the function generated
   *     (a time-ordered {@code urn:uuid:}), which subscribers will see as the SSE {@code id}
   * @throws SQLException as the database reports it: the function refusing an argument (SQLSTATE
   *     {@code 22023}, message {@code sluice publish: …}), a missing function or permission, a
   *     broken connection. The transaction is then the caller's to roll back, as after any failed
   *     statement.
   */
  public String publish(Connection connection, Update update) throws SQLException {
    requireNonNull(connection, "connection");
    requireNonNull(update, "update");
    Array topics = connection.createArrayOf("text", update.topics().toArray(new Object[0]));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setArray(1, topics);
      statement.setString(2, update.data().orElse(null));
      statement.setBoolean(3, update.isPrivate());
      statement.setString(4, update.type().orElse(null));
      statement.setString(5, update.id().orElse(null));
      if (update.retry().isPresent()) {
        statement.setInt(6, retryMillis(update));
      } else {
        statement.setNull(6, Types.INTEGER);
      }
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          throw new SQLException("sluice publish returned no row");
        }
        return result.getString(1);
      }
    } finally {
      topics.free();
    }
  }

  /** The function takes whole milliseconds as an {@code int}; larger is a mistake, not a wish. */
  private static int retryMillis(Update update) {
    long millis = update.retry().orElseThrow().toMillis();
    if (millis > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("retry over " + Integer.MAX_VALUE + " ms: " + update.retry().get());
    }
    return (int) millis;
  }

  @Override
  public String toString() {
    return "JdbcPublisher{" + sql + "}";
  }
}
