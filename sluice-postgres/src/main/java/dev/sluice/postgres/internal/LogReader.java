package dev.sluice.postgres.internal;

import dev.sluice.hub.spi.StoredUpdate;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Follows the log on its own connection and hands each page to the node's listeners.
 *
 * <h3>Threads</h3>
 * One thread, {@code sluice-postgres-reader}, owns a connection that {@code LISTEN}s on the
 * schema's channel. It loops: sequence what is pending (when woken by a publish, or on the poll),
 * read every update with a position after its mark in pages, deliver them, then wait for a
 * notification at most one poll interval. A notification is only a wake-up: what is read is
 * decided by position alone, so a lost notification costs at most one poll interval.
 * It alone calls the listeners, so they hear one page at a time, in log order.
 *
 * <h3>Why reading by position never skips</h3>
 * Positions are given after commit, by serial sequencer transactions (see
 * {@code assign_positions} in {@code V1.sql}), so any snapshot that shows position p shows every
 * position below p. Reading {@code position > mark} is therefore complete up to what it returns.
 *
 * <h3>The delivered mark</h3>
 * {@link #delivered()} moves only after the listeners returned. History reads stop at it, so a
 * replay never sends what the live feed will send again (as with sluice-redis's reader).
 */
public final class LogReader implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LogReader.class.getName());

  private final Connections connections;
  private final Sql sql;
  private final Sequencer sequencer;
  private final int batchSize;
  private final Duration poll;
  private final Backoff initialBackoff;
  private final Consumer<List<StoredUpdate>> listeners;
  private final Runnable onConnectionLost;
  private final TransportStats stats;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;
  private volatile long delivered; // Written by the reader thread only (and start()).
  private long origin; // Reader thread only (set before the thread starts).
  private volatile Connection connection;
  private volatile boolean running = true;

  public LogReader(Connections connections, Sql sql, Sequencer sequencer, int batchSize,
      Duration poll, Backoff backoff, Consumer<List<StoredUpdate>> listeners,
      Runnable onConnectionLost, TransportStats stats) {
    this.connections = connections;
    this.sql = sql;
    this.sequencer = sequencer;
    this.batchSize = batchSize;
    this.poll = poll;
    this.initialBackoff = backoff;
    this.listeners = listeners;
    this.onConnectionLost = onConnectionLost;
    this.stats = stats;
    this.thread = new Thread(this::run, "sluice-postgres-reader");
    this.thread.setDaemon(true);
  }

  /** Starts reading after {@code fromPosition} of the log whose origin is {@code logOrigin}. */
  public void start(long fromPosition, long logOrigin) {
    delivered = fromPosition;
    origin = logOrigin;
    stats.readerConnected = true; // start() just reached PostgreSQL; the thread confirms it.
    thread.start();
  }

  /** The position of the last update the listeners have been handed. */
  public long delivered() {
    return delivered;
  }

  private void run() {
    Backoff backoff = initialBackoff;
    boolean connectedBefore = false;
    while (running) {
      Connection conn = null;
      try {
        conn = connections.open();
        connection = conn;
        if (!running) {
          break;
        }
        try (Statement st = conn.createStatement()) {
          st.execute(sql.listen());
        }
        checkOrigin(conn);
        if (connectedBefore) {
          stats.reconnects.increment();
          LOG.log(Level.INFO, "event=postgres_reader_reconnected from={0}", Long.toString(delivered));
        }
        connectedBefore = true;
        stats.readerConnected = true;
        backoff = backoff.reset();
        follow(conn);
      } catch (SQLException | RuntimeException e) {
        stats.readerConnected = false;
        if (!running) {
          break;
        }
        onConnectionLost.run();
        Backoff.Step next = backoff.next(() -> ThreadLocalRandom.current().nextDouble());
        backoff = next.next();
        LOG.log(backoff.attempt() == 1 ? Level.WARNING : Level.DEBUG,
            "event=postgres_reader_failed attempt={0} retry_in_ms={1} error={2}",
            backoff.attempt(), next.delay().toMillis(), e.toString());
        pause(next.delay());
      } finally {
        stats.readerConnected = false;
        closeQuietly(conn);
      }
    }
  }

  /** The loop on one connection: sequence when asked, read everything new, wait. */
  private void follow(Connection conn) throws SQLException {
    PGConnection pg = conn.unwrap(PGConnection.class);
    boolean sequence = true; // Anything committed while this node was away needs a position.
    int pollMillis = (int) Math.max(1, poll.toMillis());
    while (running) {
      if (sequence) {
        sequencer.pass(conn);
      }
      readAll(conn);
      PGNotification[] woken = pg.getNotifications(pollMillis);
      if (woken == null || woken.length == 0) {
        stats.pollWakeups.increment();
        sequence = true;
      } else {
        stats.notifyWakeups.increment();
        sequence = false;
        for (PGNotification n : woken) {
          sequence |= "p".equals(n.getParameter());
        }
      }
    }
  }

  /** Reads and delivers every update after the mark, page by page. */
  private void readAll(Connection conn) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql.pageAfter())) {
      while (running) {
        ps.setLong(1, delivered);
        ps.setInt(2, batchSize);
        int[] rows = {0};
        long lastPosition;
        List<StoredUpdate> page;
        try (ResultSet rs = ps.executeQuery()) {
          page = Rows.all(rs, rows);
        }
        if (rows[0] == 0) {
          return;
        }
        // Skipped (undecodable) rows still move the mark: find it from the page or re-read.
        lastPosition = page.isEmpty() ? lastPositionOfPage(conn, rows[0]) : page.get(page.size() - 1).position();
        if (!page.isEmpty()) {
          noteGap(page.get(0).position());
          listeners.accept(page);
        }
        stats.recordBatch(rows[0]);
        delivered = lastPosition;
        if (rows[0] < batchSize) {
          return;
        }
      }
    }
  }

  /** The position {@code rows} rows after the mark, when none of them could be decoded. */
  private long lastPositionOfPage(Connection conn, int rows) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql.pageEnd())) {
      ps.setLong(1, delivered);
      ps.setInt(2, rows);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Positions are consecutive; a jump means retention removed updates before this node read them. */
  private void noteGap(long first) {
    if (first > delivered + 1) {
      long missed = first - delivered - 1;
      stats.missed.add(missed);
      LOG.log(Level.WARNING, "event=postgres_updates_missed count={0} before={1} "
          + "reason=removed_by_retention_before_read", Long.toString(missed), Long.toString(first));
    }
  }

  /**
   * A log recreated (dropped schema, restored database) has a new origin, above the old positions
   * unless the clock went back: the node reads on from the new origin, counting nothing missed.
   */
  private void checkOrigin(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql.state())) {
      if (!rs.next()) {
        throw new SQLException("the log_state row is missing: the schema was altered by hand", "55000");
      }
      long current = rs.getLong(1);
      if (current != origin) {
        LOG.log(current > delivered ? Level.WARNING : Level.ERROR,
            "event=postgres_log_recreated old_origin={0} new_origin={1} delivered={2}",
            Long.toString(origin), Long.toString(current), Long.toString(delivered));
        origin = current;
        delivered = current;
      }
    }
  }

  private void pause(Duration delay) {
    try {
      closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Already gone.
      }
    }
  }

  /** Stops reading: closes the connection (which ends a wait) and waits for the thread. */
  @Override
  public void close() {
    running = false;
    closed.countDown();
    try {
      thread.join(poll.plusSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      closeQuietly(connection);
    }
  }
}
