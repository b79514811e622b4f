package dev.sluice.hub.spi;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The hub's store and transport: an ordered, bounded log of updates shared by every hub node that
 * uses it.
 *
 * <h3>Contract</h3>
 * <ul>
 *   <li>{@link #append} completes only when the update is stored as durably as the log promises
 *       (on disk per its fsync policy, in Redis, …). It fails with {@link UpdateLogException} —
 *       typically {@link UpdateLogException.Unavailable} — and then the update was not stored and
 *       no node will deliver it. The hub answers such a publisher 503.
 *   <li>Every appended update reaches every {@linkplain #subscribe listener} on every node, once,
 *       in log order, after it is stored. The hub dispatches only what listeners hear, so a
 *       subscriber never sees an update that was not stored, and sees updates from all nodes in
 *       the same order.
 *   <li>{@link #historyAfter} and {@link #historyFrom} read what the log still holds; positions
 *       in history and in listener calls are comparable, so the hub joins a replay to the live
 *       feed without gap or duplicate.
 *   <li>Retention (count and age) is the log's job; history may lose its oldest updates at any
 *       time.
 * </ul>
 *
 * <p>Implementations are thread-safe. Embedded stores live in {@code dev.sluice.hub.internal};
 * other modules provide logs through {@link UpdateLogProvider}.
 */
public interface UpdateLog extends AutoCloseable {

  /** Starts the log: opens files or connections. Listeners may be added before or after. */
  void start();

  /**
   * Appends an update. Completes with the stored update once it is durable; completes
   * exceptionally with {@link UpdateLogException} when it could not be stored.
   *
   * <p>Event ids are unique within what the log holds, which makes a publisher's retry safe: when
   * the log still holds an update with this id and the same content ({@link Update#equals}), it
   * completes with <em>that</em> stored update (its position and time) and stores nothing; with
   * other content it fails with {@link UpdateLogException.Conflict}. The check and the write are
   * one atomic step, on every node of a cluster. An id the log no longer holds (trimmed by
   * retention) may be stored again.
   */
  CompletionStage<StoredUpdate> append(Update update);

  /**
   * Registers a listener for every update stored after this call, from any node. Returns a handle
   * that removes it.
   */
  AutoCloseable subscribe(UpdateListener listener);

  /**
   * Reads up to {@code limit} updates stored after the one with event id {@code id}. Answers
   * {@link HistoryLookup.Unknown} when the log does not hold that id (never stored here, or
   * removed by retention). Should the log hold several updates with the id (written before ids
   * were unique), the earliest one is the anchor, as Mercure 1.0 says.
   */
  CompletionStage<HistoryLookup> historyAfter(String id, int limit);

  /** Reads up to {@code limit} updates with a position greater than {@code afterPosition}. */
  CompletionStage<History> historyFrom(long afterPosition, int limit);

  /**
   * Reads up to {@code limit} updates stored before {@code position}, newest first, to find the
   * most recent update a subscriber may see (the draft's backward scan for
   * {@code Mercure-Last-Event-ID}).
   */
  CompletionStage<List<StoredUpdate>> historyBefore(long position, int limit);

  /** The position before any update: reading from here reads all history. */
  default long origin() {
    return 0;
  }

  /** The last stored update, if any: the {@code lastEventID} the subscriptions API reports. */
  CompletionStage<java.util.Optional<StoredUpdate>> last();

  /** How many updates history holds now (for metrics; may be approximate for remote logs). */
  long size();

  /** Appends accepted but not yet stored (the write queue), for metrics. */
  default long pendingAppends() {
    return 0;
  }

  /** Whether appends can succeed now. */
  Health health();

  /**
   * Registers the log's own meters (a transport's lag, reconnects, …) on the hub's registry. The
   * hub calls it once, before {@link #start()}. The default registers nothing: the hub's own
   * meters already cover an embedded store.
   */
  default void bindMetrics(MeterRegistry registry) {}

  /** Stops the log; pending appends complete (stored or failed) before this returns. */
  @Override
  void close();
}
