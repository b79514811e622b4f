package dev.sluice.postgres;

import dev.sluice.hub.spi.Health;
import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateListener;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogException;
import dev.sluice.postgres.internal.Appender;
import dev.sluice.postgres.internal.Backoff;
import dev.sluice.postgres.internal.ConnectionPool;
import dev.sluice.postgres.internal.Connections;
import dev.sluice.postgres.internal.LogHistory;
import dev.sluice.postgres.internal.LogReader;
import dev.sluice.postgres.internal.Maintenance;
import dev.sluice.postgres.internal.Schema;
import dev.sluice.postgres.internal.Sequencer;
import dev.sluice.postgres.internal.Sql;
import dev.sluice.postgres.internal.TransportMetrics;
import dev.sluice.postgres.internal.TransportStats;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's update log in one PostgreSQL table shared by every node.
 *
 * <h3>Layout</h3>
 * {@code <schema>.updates} holds one row per update; its {@code position} is assigned after the
 * inserting transaction committed, by the sequencer ({@code <schema>.assign_positions}), so that
 * positions follow commit order and a reader that has read position p can never later find a
 * committed update below p. {@code <schema>.publish(…)} lets an application publish inside its
 * own transaction. Created or migrated at {@link #start()}; versioned in
 * {@code <schema>.schema_version}. Reasoning: docs/architecture.md, "sluice-postgres".
 *
 * <h3>Threads</h3>
 * Appends are stored in batches by one {@link Appender} thread; history reads run on
 * {@code sluice-postgres-N} threads; each takes a connection from a bounded pool. A {@link LogReader} thread listens for notifications on its own connection,
 * sequences, reads by position and calls the listeners. A maintenance thread applies retention
 * and samples lag once per interval.
 *
 * <pre>{@code
 * PostgresUpdateLog log = new PostgresUpdateLog(PostgresTransportConfig.parse(
 *     URI.create("postgresql://sluice@db.internal:5432/app"), Retention.DEFAULT));
 * }</pre>
 */
public final class PostgresUpdateLog implements UpdateLog {
  private static final System.Logger LOG = System.getLogger(PostgresUpdateLog.class.getName());
  /**
   * Appends, and separately history reads, that may wait. Past it a publisher is answered 503 at
   * once instead of queueing behind a database that does not keep up.
   */
  static final int MAX_QUEUED = 10_000;

  private final PostgresTransportConfig config;
  private final Connections connections;
  private final ConnectionPool pool;
  private final Sql sql;
  private final TransportStats stats = new TransportStats();
  private final Sequencer sequencer;
  private final CopyOnWriteArrayList<UpdateListener> listeners = new CopyOnWriteArrayList<>();
  private final LogReader reader;
  private final Appender appender;
  private final LogHistory history;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService maintenance;
  private final Object pendingLock = new Object();
  private long pending; // Guarded by pendingLock.
  private volatile boolean started;
  private volatile boolean closed;

  public PostgresUpdateLog(PostgresTransportConfig config) {
    if (config.retention().maxCount() < 1) {
      throw new IllegalArgumentException("the PostgreSQL transport needs a retention of at least "
          + "one update: the table is how nodes hear each other");
    }
    this.config = config;
    this.connections = new Connections(config);
    this.pool = new ConnectionPool(connections, config.poolSize());
    this.sql = new Sql(config.schema(), config.channel());
    this.sequencer = new Sequencer(sql, config.retention().maxCount(), stats);
    this.reader = new LogReader(connections, sql, sequencer, config.readBatch(), config.poll(),
        Backoff.of(config.backoffMin(), config.backoffMax()), this::publish, pool::evictIdle, stats);
    this.history = new LogHistory(sql, reader::delivered);
    this.appender = new Appender(pool, config.commandTimeout(), sql, config.retention().maxCount(),
        config.retention().maxAge(), MAX_QUEUED, stats, () -> "PostgreSQL at " + config.safeUri());
    AtomicInteger threads = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(config.poolSize(), config.poolSize(), 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
          Thread t = new Thread(r, "sluice-postgres-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-postgres-maintenance");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Connects, creates or migrates the schema, finds the log's tail and starts reading after it.
   * A fresh node starts at the tail: its subscribers catch up through {@code Last-Event-ID},
   * which works on every node.
   *
   * @throws UpdateLogException.Unavailable when PostgreSQL cannot be reached or the schema cannot
   *     be installed now
   */
  @Override
  public void start() {
    long origin;
    long tail;
    try (Connection c = connections.open()) {
      int found = new Schema(config.schema(), config.channel()).migrate(c);
      if (found < Schema.latest()) {
        LOG.log(Level.INFO, "event=postgres_schema_installed schema={0} from_version={1} to_version={2}",
            config.schema(), Integer.toString(found), Integer.toString(Schema.latest()));
      }
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.state())) {
        rs.next();
        origin = rs.getLong(1);
        tail = rs.getLong(2);
      }
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw new UpdateLogException.Unavailable("cannot reach PostgreSQL at " + config.safeUri()
          + ": " + e.getMessage(), e);
    }
    reader.start(tail, origin);
    appender.start();
    long interval = config.maintenanceInterval().toMillis();
    maintenance.scheduleWithFixedDelay(new Maintenance(pool, config.commandTimeout(),
            () -> stats.readerConnected && !closed, sql, config.retention(), reader::delivered, stats),
        interval, interval, TimeUnit.MILLISECONDS);
    started = true;
    LOG.log(Level.INFO, "event=postgres_transport_started uri={0} schema={1} tail={2}",
        config.safeUri(), config.schema(), Long.toString(tail));
  }

  /**
   * Hands the update to the {@link Appender}, which inserts it, gives it its position and commits
   * in one transaction (shared with the other appends waiting). Fails at once while the reader is
   * disconnected (PostgreSQL down): the publisher gets 503 rather than waiting for a timeout.
   */
  @Override
  public CompletionStage<StoredUpdate> append(Update update) {
    if (closed || !started || !stats.readerConnected) {
      stats.appendFailures.increment();
      return failed(closed ? "the PostgreSQL transport is closed" : unreachable());
    }
    synchronized (pendingLock) {
      pending++;
    }
    return appender.append(update).whenComplete((stored, error) -> appendDone());
  }

  @Override
  public AutoCloseable subscribe(UpdateListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public CompletionStage<HistoryLookup> historyAfter(String id, int limit) {
    return onConnection(c -> history.after(c, id, limit));
  }

  @Override
  public CompletionStage<History> historyFrom(long afterPosition, int limit) {
    return onConnection(c -> history.from(c, afterPosition, limit));
  }

  @Override
  public CompletionStage<List<StoredUpdate>> historyBefore(long position, int limit) {
    return onConnection(c -> history.before(c, position, limit));
  }

  @Override
  public CompletionStage<Optional<StoredUpdate>> last() {
    return onConnection(history::last);
  }

  /** Sequenced updates in the table at the last sample (at most one maintenance interval old). */
  @Override
  public long size() {
    return stats.logLength;
  }

  @Override
  public long pendingAppends() {
    synchronized (pendingLock) {
      return pending;
    }
  }

  @Override
  public Health health() {
    if (closed) {
      return Health.down("postgresql transport closed");
    }
    if (!stats.readerConnected) {
      return Health.down("postgresql " + config.safeUri() + " unreachable, reconnecting");
    }
    return Health.up("postgresql " + config.safeUri() + " schema " + config.schema() + ", "
        + stats.logLength + " updates, lag " + stats.lagEntries + " updates");
  }

  @Override
  public void bindMetrics(MeterRegistry registry) {
    TransportMetrics.bind(registry, stats);
  }

  /** The position of the last update this node delivered to its listeners (tests, diagnostics). */
  public long lastDelivered() {
    return reader.delivered();
  }

  /** Stops reading; waits up to the command timeout for operations in flight, then disconnects. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    maintenance.shutdownNow();
    appender.close();
    reader.close();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
    pool.close();
  }

  /** Work on a pooled connection. */
  @FunctionalInterface
  private interface OnConnection<T> {
    T apply(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} on a worker thread with a pooled connection; any failure becomes the SPI's
   * "unavailable", so the hub answers 503 with a message that names PostgreSQL (never a password).
   */
  private <T> CompletionStage<T> onConnection(OnConnection<T> work) {
    if (closed) {
      return failed("the PostgreSQL transport is closed");
    }
    if (!stats.readerConnected) {
      return failed(unreachable()); // At once, rather than after a connect timeout.
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      workers.execute(() -> {
        try (ConnectionPool.Lease lease = pool.borrow(config.commandTimeout())) {
          try {
            result.complete(work.apply(lease.connection()));
          } catch (SQLException e) {
            lease.failed(e);
            throw e;
          }
        } catch (SQLException e) {
          result.completeExceptionally(new UpdateLogException.Unavailable(
              "PostgreSQL at " + config.safeUri() + " did not answer: " + e.getMessage(), e));
        } catch (UpdateLogException e) {
          result.completeExceptionally(e);
        } catch (RuntimeException e) {
          result.completeExceptionally(new UpdateLogException.Unavailable(
              "PostgreSQL transport error: " + e, e));
        }
      });
    } catch (RejectedExecutionException e) {
      return failed(closed ? "the PostgreSQL transport is closed"
          : "PostgreSQL at " + config.safeUri() + " is overloaded: " + MAX_QUEUED + " operations waiting");
    }
    return result;
  }

  private void publish(List<StoredUpdate> updates) {
    for (UpdateListener listener : listeners) {
      try {
        listener.onUpdates(updates);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "event=listener_failed listener=" + listener, e);
      }
    }
  }

  private void appendDone() {
    synchronized (pendingLock) {
      pending--;
      pendingLock.notifyAll();
    }
  }

  private String unreachable() {
    return "PostgreSQL at " + config.safeUri() + " is unreachable";
  }

  private static <T> CompletionStage<T> failed(String message) {
    return CompletableFuture.failedFuture(new UpdateLogException.Unavailable(message));
  }
}
