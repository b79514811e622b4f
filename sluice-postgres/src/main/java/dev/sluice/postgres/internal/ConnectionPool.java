package dev.sluice.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pool of connections for appends, history reads and maintenance. Hand-written because
 * the transport needs only this much: at most {@code size} connections, opened lazily, reused
 * newest-first, checked before reuse when idle for a while, and dropped all at once when the
 * reader sees PostgreSQL go away (so that no dead connection is handed out after it returns).
 *
 * <p>Thread-safe. A {@link Lease} is used by one thread and returned with {@code close()}.
 */
public final class ConnectionPool implements AutoCloseable {
  /** A connection idle longer than this is checked ({@code isValid}) before it is reused. */
  static final Duration VALIDATE_AFTER_IDLE = Duration.ofSeconds(1);

  private final Connections connections;
  private final Semaphore permits;
  private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  private record Idle(Connection connection, long since) {}

  public ConnectionPool(Connections connections, int size) {
    this.connections = connections;
    this.permits = new Semaphore(size);
  }

  /** A connection for one task; waits up to {@code wait} for one to be free. */
  public Lease borrow(Duration wait) throws SQLException {
    try {
      if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new SQLException("all PostgreSQL connections of this node are busy", "08004");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection", "08004", e);
    }
    try {
      return new Lease(take());
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private Connection take() throws SQLException {
    if (closed) {
      throw new SQLException("the connection pool is closed", "08003");
    }
    Idle candidate;
    while ((candidate = idle.pollFirst()) != null) {
      boolean fresh = System.nanoTime() - candidate.since() < VALIDATE_AFTER_IDLE.toNanos();
      if (fresh || candidate.connection().isValid(2)) {
        return candidate.connection();
      }
      closeQuietly(candidate.connection());
    }
    return connections.open();
  }

  /** Closes every idle connection (PostgreSQL went away); leased ones are dropped when returned broken. */
  public void evictIdle() {
    Idle candidate;
    while ((candidate = idle.pollFirst()) != null) {
      closeQuietly(candidate.connection());
    }
  }

  @Override
  public void close() {
    closed = true;
    evictIdle();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing a dead connection may fail; it is gone either way.
    }
  }

  /** One borrowed connection. Mark it broken when it failed at the connection level. */
  public final class Lease implements AutoCloseable {
    private final Connection connection;
    private boolean broken;

    private Lease(Connection connection) {
      this.connection = connection;
    }

    public Connection connection() {
      return connection;
    }

    /** Notes a failure; a lost connection is closed instead of returned. */
    public void failed(SQLException e) {
      if (Connections.connectionLost(e)) {
        broken = true;
      }
    }

    @Override
    public void close() {
      boolean keep = !broken && !closed;
      try {
        keep = keep && !connection.isClosed();
      } catch (SQLException e) {
        keep = false;
      }
      if (keep) {
        idle.offerFirst(new Idle(connection, System.nanoTime()));
      } else {
        closeQuietly(connection);
      }
      permits.release();
    }
  }
}
