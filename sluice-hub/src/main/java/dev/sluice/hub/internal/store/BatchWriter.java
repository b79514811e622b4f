package dev.sluice.hub.internal.store;

import dev.sluice.hub.FsyncPolicy;
import dev.sluice.hub.spi.Health;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateLogException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that writes to the MVStore log: group commit.
 *
 * <p>It takes every append waiting in its bounded queue (up to {@link #MAX_BATCH}), writes them as
 * one batch, commits, forces the file per {@link FsyncPolicy}, then completes the publishers'
 * futures and notifies listeners. While one batch is being forced, the next accumulates, so the
 * cost of an fsync is shared by everything that arrived during the previous one.
 */
final class BatchWriter implements Runnable {
  private static final System.Logger LOG = System.getLogger(BatchWriter.class.getName());
  /** Most updates written and committed together; bounds the time one commit holds the thread. */
  static final int MAX_BATCH = 1024;

  private record Pending(Update update, CompletableFuture<StoredUpdate> done) {}

  private final MvStoreUpdateLog log;
  private final BlockingQueue<Pending> queue;
  private final FsyncPolicy fsync;
  private final Thread thread;
  private volatile boolean closing;
  private volatile String failure; // Last write failure, for health; null when healthy.
  private long nextPosition; // Writer thread only.
  private long lastSyncNanos = System.nanoTime(); // Writer thread only.
  private boolean unsynced; // Writer thread only.

  BatchWriter(MvStoreUpdateLog log, int capacity, FsyncPolicy fsync, long nextPosition) {
    this.log = log;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.fsync = fsync;
    this.nextPosition = nextPosition;
    this.thread = new Thread(this, "sluice-store-writer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  CompletionStage<StoredUpdate> submit(Update update) {
    CompletableFuture<StoredUpdate> done = new CompletableFuture<>();
    if (closing) {
      done.completeExceptionally(new UpdateLogException.Unavailable("store is shutting down"));
    } else if (!queue.offer(new Pending(update, done))) {
      done.completeExceptionally(new UpdateLogException.Unavailable(
          "store write queue is full (" + queue.size() + " waiting)"));
    }
    return done;
  }

  int queued() {
    return queue.size();
  }

  Health health() {
    String f = failure;
    return f == null
        ? Health.up("mvstore, " + queue.size() + " appends queued")
        : Health.down("mvstore write failed: " + f);
  }

  @Override
  public void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        Pending first = queue.poll(pollTimeoutMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing && queue.isEmpty()) {
            break;
          }
          syncIfDue();
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        write(batch);
        batch.clear();
      } catch (InterruptedException e) {
        closing = true; // Finish what is queued, then stop.
      }
    }
    syncNow();
  }

  private long pollTimeoutMillis() {
    if (closing) {
      return 0;
    }
    return fsync.mode() == FsyncPolicy.Mode.INTERVAL && unsynced
        ? Math.max(1, fsync.interval().toMillis()) : 100;
  }

  private void write(List<Pending> batch) {
    List<Update> updates = new ArrayList<>(batch.size());
    batch.forEach(p -> updates.add(p.update()));
    List<MvStoreUpdateLog.Outcome> outcomes;
    try {
      outcomes = log.writeBatch(updates, nextPosition);
      unsynced = true;
      if (fsync.mode() == FsyncPolicy.Mode.BATCH) {
        syncNow();
      } else {
        syncIfDue();
      }
      failure = null;
    } catch (RuntimeException e) {
      failure = String.valueOf(e.getMessage());
      log.rollback(); // Drop the half-written batch so its positions and ids are free again.
      LOG.log(Level.ERROR, "event=store_write_failed updates=" + batch.size(), e);
      UpdateLogException cause = new UpdateLogException.Unavailable("store write failed", e);
      batch.forEach(p -> p.done().completeExceptionally(cause));
      return;
    }
    List<StoredUpdate> fresh = new ArrayList<>(outcomes.size());
    for (MvStoreUpdateLog.Outcome outcome : outcomes) {
      if (outcome.fresh()) {
        fresh.add(outcome.stored());
      }
    }
    nextPosition += fresh.size();
    if (!fresh.isEmpty()) {
      log.publishDurable(fresh); // Retries and refusals were never stored: nothing to deliver.
    }
    for (int i = 0; i < batch.size(); i++) {
      MvStoreUpdateLog.Outcome outcome = outcomes.get(i);
      if (outcome.refused() != null) {
        batch.get(i).done().completeExceptionally(outcome.refused());
      } else {
        batch.get(i).done().complete(outcome.stored());
      }
    }
  }

  private void syncIfDue() {
    if (unsynced && fsync.mode() == FsyncPolicy.Mode.INTERVAL
        && System.nanoTime() - lastSyncNanos >= fsync.interval().toNanos()) {
      syncNow();
    }
  }

  private void syncNow() {
    if (unsynced && fsync.mode() != FsyncPolicy.Mode.OS) {
      log.sync();
    }
    unsynced = false;
    lastSyncNanos = System.nanoTime();
  }

  /** Stops taking appends, writes what is queued, and waits for the thread to end. */
  void close() {
    closing = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new UpdateLogException.Unavailable("store closed"));
    }
  }
}
