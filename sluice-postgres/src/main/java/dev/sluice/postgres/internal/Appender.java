package dev.sluice.postgres.internal;

import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateLogException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Stores the hub's own publishes: one thread, {@code sluice-postgres-appender}, takes every append
 * waiting and stores them in <b>one</b> transaction that inserts them, gives them positions
 * ({@code assign_positions}, which also numbers any committed application publishes waiting
 * before them) and commits. So a publish costs one commit (one WAL flush), a burst shares one,
 * and an append is all or nothing: either committed with its position, or rolled back and
 * answered 503.
 *
 * <p>Event ids are unique in history: the transaction first locks the batch's ids (advisory
 * locks, so two nodes appending the same id take turns) and answers an id history still holds
 * with the held update (a publisher's retry) or a conflict (other content), storing nothing.
 *
 * <p>This transaction holds the sequencer's lock from the numbering to the end of its commit.
 * That is acceptable here, unlike in an application's transaction, because this one contains
 * nothing else and never waits on anything but PostgreSQL: the lock is held for about one WAL
 * flush per batch.
 */
public final class Appender implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Appender.class.getName());
  /** Most appends stored by one transaction (bounds its statement sizes and its time). */
  static final int MAX_BATCH = 256;

  private record Pending(Update update, CompletableFuture<StoredUpdate> result) {}

  private final ConnectionPool pool;
  private final Duration borrowWait;
  private final Sql sql;
  private final long keep;
  private final long maxAgeMillis;
  private final TransportStats stats;
  private final Supplier<String> where;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param maxQueued appends that may wait; past it an append is refused at once
   * @param where names the database in messages ({@code PostgreSQL at postgresql://…})
   */
  public Appender(ConnectionPool pool, Duration borrowWait, Sql sql, long keep, Duration maxAge,
      int maxQueued, TransportStats stats, Supplier<String> where) {
    this.pool = pool;
    this.borrowWait = borrowWait;
    this.sql = sql;
    this.keep = keep;
    this.maxAgeMillis = maxAge.toMillis();
    this.stats = stats;
    this.where = where;
    this.queue = new ArrayBlockingQueue<>(maxQueued);
    this.thread = new Thread(this::run, "sluice-postgres-appender");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Queues an update; the stage completes when its transaction committed or failed. */
  public CompletionStage<StoredUpdate> append(Update update) {
    CompletableFuture<StoredUpdate> result = new CompletableFuture<>();
    if (!running || !queue.offer(new Pending(update, result))) {
      result.completeExceptionally(new UpdateLogException.Unavailable(running
          ? where.get() + " is overloaded: " + queue.size() + " publishes waiting"
          : "the PostgreSQL transport is closed"));
    }
    return result;
  }

  /** Appends waiting now. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        store(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      left.result().completeExceptionally(new UpdateLogException.Unavailable("the PostgreSQL transport is closed"));
    }
  }

  private void store(List<Pending> batch) {
    try (ConnectionPool.Lease lease = pool.borrow(borrowWait)) {
      Connection c = lease.connection();
      boolean committing = false;
      try {
        c.setAutoCommit(false);
        IdCheck ids = checkIds(c, batch);
        Map<Long, StoredUpdate> stored = Map.of();
        long[] entries = new long[0];
        if (!ids.fresh().isEmpty()) {
          entries = insert(c, ids.fresh());
          stored = sequence(c, ids.fresh(), entries);
        }
        committing = true;
        c.commit();
        for (int i = 0; i < ids.fresh().size(); i++) {
          ids.fresh().get(i).result().complete(stored.get(entries[i]));
        }
        ids.answerOthers();
      } catch (SQLException e) {
        lease.failed(e);
        rollbackQuietly(c);
        fail(batch, (committing ? where.get() + " may not have stored it (the commit failed): "
            : where.get() + " did not store it: ") + e.getMessage(), e);
      } finally {
        resetQuietly(c);
      }
    } catch (SQLException e) {
      fail(batch, where.get() + " is unreachable: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "event=postgres_append_failed", e);
      fail(batch, "PostgreSQL transport error: " + e, e);
    }
  }

  /**
   * Which appends of the batch are new, and the answer for the others: an event id history still
   * holds (any node's, under a lock on the id until this transaction ends) or an earlier append of
   * this batch holds is not stored again — a retry gets that update, other content a conflict.
   */
  private IdCheck checkIds(Connection c, List<Pending> batch) throws SQLException {
    String[] ids = batch.stream().map(p -> p.update().id()).distinct().toArray(String[]::new);
    try (PreparedStatement ps = c.prepareStatement(sql.lockEventIds())) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.executeQuery().close();
    }
    Map<String, StoredUpdate> held = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql.heldEventIds())) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setLong(2, maxAgeMillis);
      ps.setLong(3, maxAgeMillis);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredUpdate s = Rows.toStored(rs);
          held.putIfAbsent(s.id(), s); // Earliest first.
        }
      }
    }
    IdCheck check = new IdCheck(new ArrayList<>(), new ArrayList<>());
    Map<String, Pending> firstInBatch = new HashMap<>();
    for (Pending p : batch) {
      Update update = p.update();
      StoredUpdate stored = held.get(update.id());
      Pending leader = firstInBatch.get(update.id());
      if (stored != null) {
        check.others().add(() -> answer(p, stored.update().equals(update), stored));
      } else if (leader != null) {
        check.others().add(() -> answer(p, leader.update().equals(update),
            leader.result().getNow(null)));
      } else {
        firstInBatch.put(update.id(), p);
        check.fresh().add(p);
      }
    }
    return check;
  }

  private static void answer(Pending p, boolean sameContent, StoredUpdate stored) {
    if (sameContent && stored != null) {
      p.result().complete(stored);
    } else {
      String id = p.update().id();
      p.result().completeExceptionally(new UpdateLogException.Conflict(
          "id is already used by another update in history: "
              + (id.length() <= 100 ? id : id.substring(0, 100) + "…")));
    }
  }

  /** The appends to insert, and the answers (after commit) for the ones not stored again. */
  private record IdCheck(List<Pending> fresh, List<Runnable> others) {
    void answerOthers() {
      others.forEach(Runnable::run);
    }
  }

  private long[] insert(Connection c, List<Pending> batch) throws SQLException {
    long[] entries = new long[batch.size()];
    try (PreparedStatement ps = c.prepareStatement(sql.insert())) {
      for (int i = 0; i < batch.size(); i++) {
        Update update = batch.get(i).update();
        ps.setString(1, update.id());
        ps.setArray(2, c.createArrayOf("text", update.topics().toArray()));
        ps.setString(3, update.data());
        ps.setBoolean(4, update.isPrivate());
        ps.setString(5, update.type().orElse(null));
        if (update.retry().isPresent()) {
          ps.setLong(6, update.retry().get().toMillis());
        } else {
          ps.setNull(6, Types.BIGINT);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          entries[i] = rs.getLong(1);
        }
      }
    }
    return entries;
  }

  /** Numbers everything pending (our rows included: a transaction sees its own), reads ours, trims. */
  private Map<Long, StoredUpdate> sequence(Connection c, List<Pending> batch, long[] entries)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.assignPositions())) {
      ps.setInt(1, Sequencer.BATCH);
      ps.setLong(2, 0); // No trimming before our positions are read; see below.
      for (int calls = 0; calls < Sequencer.MAX_CALLS_PER_PASS; calls++) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          int assigned = rs.getInt(2);
          stats.sequenced.add(assigned);
          if (assigned < Sequencer.BATCH) {
            break;
          }
        }
      }
    }
    Map<Long, StoredUpdate> stored = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql.positionsOf())) {
      ps.setArray(1, c.createArrayOf("bigint", box(entries)));
      try (ResultSet rs = ps.executeQuery()) {
        Map<Long, Update> byEntry = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
          byEntry.put(entries[i], batch.get(i).update());
        }
        while (rs.next()) {
          long entry = rs.getLong(1);
          long position = rs.getLong(2);
          if (rs.wasNull()) {
            throw new SQLException("a backlog of more than " + Sequencer.BATCH * Sequencer.MAX_CALLS_PER_PASS
                + " updates is waiting for positions; try again", "53000");
          }
          OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
          stored.put(entry, new StoredUpdate(byEntry.get(entry), position, at.toInstant()));
        }
      }
    }
    if (stored.size() != entries.length) {
      throw new SQLException("some inserted updates are missing before commit", "XX000");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.applyRetention())) {
      ps.setLong(1, keep);
      ps.setLong(2, 0);
      ps.setInt(3, batch.size() + 100);
      ps.executeQuery().close();
    }
    return stored;
  }

  private static Long[] box(long[] values) {
    Long[] boxed = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  private void fail(List<Pending> batch, String message, Exception cause) {
    stats.appendFailures.add(batch.size());
    for (Pending p : batch) {
      p.result().completeExceptionally(new UpdateLogException.Unavailable(message, cause));
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // A lost connection rolled back on the server already.
    }
  }

  private static void resetQuietly(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // The lease was marked broken; the connection is dropped.
    }
  }

  /** Stops taking appends; stores what is queued (bounded by the timeout), fails the rest. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(borrowWait.plusSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
