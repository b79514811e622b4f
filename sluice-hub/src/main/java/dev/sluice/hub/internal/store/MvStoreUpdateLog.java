package dev.sluice.hub.internal.store;

import dev.sluice.hub.FsyncPolicy;
import dev.sluice.hub.spi.Health;
import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateListener;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The default store: a durable log in one MVStore file under the data directory.
 *
 * <h3>Layout</h3>
 * Map {@code updates}: position (long) → encoded update ({@link UpdateCodec}); retention removes
 * the oldest entries. The event id → position index used to resume after a {@code Last-Event-ID}
 * lives on the heap ({@link IdIndex}) and is rebuilt from the updates on start, so each commit only
 * touches the two ends of one append-only map. Ids are unique within history: the writer checks
 * each append against the index (and its own batch) before writing it (see {@link #writeBatch}). (Files written by earlier versions had a persisted
 * {@code ids} map; it is dropped on open.)
 *
 * <h3>Threads</h3>
 * Appends go through a bounded queue to one {@link BatchWriter} thread, which writes a batch,
 * commits it, forces it to disk per the {@link FsyncPolicy}, and only then answers the publishers
 * and tells the listeners. Readers use MVStore's MVCC maps directly from any thread, and never
 * read past {@link #durablePosition}, so replay shows only what is acknowledged.
 */
public final class MvStoreUpdateLog implements UpdateLog {
  private static final System.Logger LOG = System.getLogger(MvStoreUpdateLog.class.getName());
  static final String FILE_NAME = "updates.mv.db";
  private static final String LEGACY_IDS_MAP = "ids";
  /** Chunk retention under {@code batch} fsync; see {@link #chunkRetentionMillis}. */
  static final Duration SYNCED_CHUNK_RETENTION = Duration.ofSeconds(2);
  private static final int MVSTORE_DEFAULT_RETENTION_MILLIS = 45_000;

  private final Path dataDir;
  private final Retention retention;
  private final FsyncPolicy fsync;
  private final Clock clock;
  private final int queueCapacity;
  private final Listeners listeners = new Listeners();
  private MVStore store; // Written once in start().
  private MVMap<Long, byte[]> updates; // Written once in start().
  private final IdIndex ids = new IdIndex();
  private BatchWriter writer; // Written once in start().
  private volatile long durablePosition;

  /**
   * @param queueCapacity most appends waiting for the writer; past it, appends fail as unavailable
   *     (the publisher gets 503) rather than letting memory grow without bound
   */
  public MvStoreUpdateLog(Path dataDir, Retention retention, FsyncPolicy fsync, Clock clock,
      int queueCapacity) {
    this.dataDir = dataDir;
    this.retention = retention;
    this.fsync = fsync;
    this.clock = clock;
    this.queueCapacity = queueCapacity;
  }

  @Override
  public synchronized void start() {
    if (store != null) {
      return;
    }
    Path file = dataDir.resolve(FILE_NAME);
    checkWritable(file);
    try {
      open(file);
    } catch (UpdateLogException e) {
      throw e; // Already in words (a read-only file).
    } catch (RuntimeException e) { // MVStoreException, or a record UpdateCodec cannot decode.
      if (store != null) {
        store.closeImmediately();
        store = null;
      }
      throw unreadable(file, e);
    }
    Long last = updates.lastKey();
    durablePosition = last == null ? 0 : last;
    writer = new BatchWriter(this, queueCapacity, fsync, durablePosition + 1);
    writer.start();
    LOG.log(Level.INFO, "event=store_opened store=mvstore path={0} updates={1} last_position={2}"
        + " fsync={3}", dataDir.resolve(FILE_NAME), updates.sizeAsLong(), durablePosition, fsync);
  }

  /** Opens the file and loads the id index; fails with MVStore's own exception if it cannot. */
  private void open(Path file) {
    store = new MVStore.Builder()
        .fileName(file.toString())
        .autoCommitDisabled() // The writer commits each batch itself.
        // No LZF compression: every commit rewrites the pages it touched, and compressing them was
        // the writer's largest cost (a quarter of the hub's CPU samples at 5,000 publishes/s over
        // 10,000 topics, docs/benchmarks.md). Pages written compressed by earlier versions still read.
        .open();
    if (store.getFileStore().isReadOnly()) {
      store.close();
      store = null;
      throw new UpdateLogException.Unavailable("store file " + file + " is read-only");
    }
    store.setRetentionTime(chunkRetentionMillis(fsync));
    updates = store.openMap("updates");
    if (store.hasMap(LEGACY_IDS_MAP)) {
      store.removeMap(LEGACY_IDS_MAP);
      store.commit();
    }
    Cursor<Long, byte[]> all = updates.cursor(null);
    while (all.hasNext()) {
      long position = all.next();
      ids.load(UpdateCodec.decode(position, all.getValue()).id(), position);
    }
  }

  /**
   * The store could not be opened: an exception whose message says so in words and names what to
   * do, instead of MVStore's ({@code Reading from file sun.nio.ch.FileChannelImpl@… failed at 8}).
   */
  static UpdateLogException unreadable(Path file, RuntimeException e) {
    if (e instanceof MVStoreException mv && mv.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
      return new UpdateLogException.Unavailable("the store " + file + " is in use by another process (is another hub "
          + "running with this data directory?)", e);
    }
    return new UpdateLogException.Unavailable("the store " + file + " is unreadable: corrupt, cut short or not a Sluice "
        + "store. Restore it from a backup, or move it aside to start with empty history", e);
  }

  /**
   * Fails now, with one line, when the data directory cannot hold the store: a hub that starts on
   * an unusable directory would say "listening" and then fail every publish. As root every
   * permission check passes, so a file is really created and removed.
   */
  private void checkWritable(Path file) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UpdateLogException.Unavailable("data directory " + dataDir
          + " cannot be created: " + reason(e), e);
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new UpdateLogException.Unavailable("store file " + file + " is not writable");
    }
    Path probe = dataDir.resolve(".write-probe");
    try {
      Files.deleteIfExists(probe);
      Files.write(probe, new byte[] {1});
      Files.delete(probe);
    } catch (IOException e) {
      throw new UpdateLogException.Unavailable("data directory " + dataDir
          + " is not writable: " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + " " + firstLine(e.getMessage());
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  /**
   * How long MVStore keeps chunks that hold no live data before reusing their space. Its default,
   * 45 s, guards against a file system that writes back out of order; but every commit makes a new
   * chunk, so at the ~2,000 commits/s of the many-topics bench the file grew by ~20 MB/s and only
   * reused space after 45 s (592 MB after 30 s of publishing, against 115 MB with 2 s;
   * docs/benchmarks.md). With {@code batch} fsync each commit is on disk before the next one is
   * written, so no freed chunk can be part of the last durable state: a short retention is enough,
   * kept at {@link #SYNCED_CHUNK_RETENTION} so a replay cursor reading an older version never meets
   * a reused chunk. Other policies keep the default.
   */
  static int chunkRetentionMillis(FsyncPolicy fsync) {
    return fsync.mode() == FsyncPolicy.Mode.BATCH
        ? (int) SYNCED_CHUNK_RETENTION.toMillis() : MVSTORE_DEFAULT_RETENTION_MILLIS;
  }

  @Override
  public CompletionStage<StoredUpdate> append(Update update) {
    BatchWriter w = writer;
    if (w == null) {
      return CompletableFuture.failedFuture(new UpdateLogException.Unavailable("store not started"));
    }
    return w.submit(update);
  }

  @Override
  public AutoCloseable subscribe(UpdateListener listener) {
    return listeners.add(listener);
  }

  @Override
  public CompletionStage<HistoryLookup> historyAfter(String id, int limit) {
    Long position = ids.position(id).orElse(null);
    if (position == null || position > durablePosition) {
      return CompletableFuture.completedFuture(new HistoryLookup.Unknown(id));
    }
    byte[] anchor = updates.get(position);
    if (anchor == null) {
      return CompletableFuture.completedFuture(new HistoryLookup.Unknown(id));
    }
    History page = read(position, limit);
    return CompletableFuture.completedFuture(new HistoryLookup.Found(new History(
        Optional.of(UpdateCodec.decode(position, anchor)), page.updates(), page.complete())));
  }

  @Override
  public CompletionStage<History> historyFrom(long afterPosition, int limit) {
    return CompletableFuture.completedFuture(read(afterPosition, limit));
  }

  @Override
  public CompletionStage<List<StoredUpdate>> historyBefore(long position, int limit) {
    List<StoredUpdate> result = new ArrayList<>();
    long from = Math.min(position - 1, durablePosition);
    if (from < 1) {
      return CompletableFuture.completedFuture(result);
    }
    Cursor<Long, byte[]> cursor = updates.cursor(from, 1L, true);
    while (result.size() < limit && cursor.hasNext()) {
      long key = cursor.next();
      result.add(UpdateCodec.decode(key, cursor.getValue()));
    }
    return CompletableFuture.completedFuture(result);
  }

  @Override
  public CompletionStage<Optional<StoredUpdate>> last() {
    long position = durablePosition;
    byte[] encoded = position == 0 ? null : updates.get(position);
    return CompletableFuture.completedFuture(
        encoded == null ? Optional.empty() : Optional.of(UpdateCodec.decode(position, encoded)));
  }

  @Override
  public long size() {
    MVMap<Long, byte[]> map = updates;
    return map == null ? 0 : map.sizeAsLong();
  }

  @Override
  public long pendingAppends() {
    BatchWriter w = writer;
    return w == null ? 0 : w.queued();
  }

  @Override
  public Health health() {
    BatchWriter w = writer;
    if (w == null || store == null || store.isClosed()) {
      return Health.down("mvstore not open");
    }
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.isWritable(file)) { // Removed or made read-only under a running hub.
      return Health.down("mvstore file " + file + " is not writable");
    }
    return w.health();
  }

  @Override
  public synchronized void close() {
    if (writer != null) {
      writer.close();
    }
    if (store != null && !store.isClosed()) {
      store.commit();
      store.close();
    }
    LOG.log(Level.INFO, "event=store_closed store=mvstore last_position={0}", durablePosition);
  }

  private History read(long afterPosition, int limit) {
    long durable = durablePosition;
    List<StoredUpdate> result = new ArrayList<>(Math.min(limit, 256));
    Cursor<Long, byte[]> cursor = updates.cursor(afterPosition + 1, durable, false);
    while (result.size() < limit && cursor.hasNext()) {
      long key = cursor.next();
      result.add(UpdateCodec.decode(key, cursor.getValue()));
    }
    long last = result.isEmpty() ? afterPosition : result.get(result.size() - 1).position();
    return new History(Optional.empty(), result, last >= durable);
  }

  // ---- Called by the BatchWriter thread only. ----

  /** What became of one append of a batch. */
  record Outcome(StoredUpdate stored, boolean fresh, UpdateLogException refused) {
    static Outcome fresh(StoredUpdate stored) {
      return new Outcome(stored, true, null);
    }

    static Outcome retry(StoredUpdate stored) {
      return new Outcome(stored, false, null);
    }

    static Outcome refused(UpdateLogException refused) {
      return new Outcome(null, false, refused);
    }
  }

  /**
   * Writes one batch to the maps; new updates get consecutive positions from
   * {@code firstPosition}. An update whose id history already holds (or an earlier update of the
   * same batch has) is not written: a retry is answered with the stored one, other content is
   * refused ({@link StoredIds}). One outcome per update, in order.
   */
  List<Outcome> writeBatch(List<Update> batch, long firstPosition) {
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    Map<String, StoredUpdate> written = new HashMap<>();
    long position = firstPosition;
    for (Update update : batch) {
      StoredUpdate existing = written.get(update.id());
      if (existing == null) {
        existing = storedWithId(update.id());
      }
      if (existing != null) {
        outcomes.add(StoredIds.sameContent(existing, update)
            ? Outcome.retry(existing) : Outcome.refused(StoredIds.conflict(update.id())));
        continue;
      }
      StoredUpdate s = new StoredUpdate(update, position, clock.instant());
      updates.put(position, UpdateCodec.encode(update, s.storedAt()));
      ids.stageAdd(update.id(), position);
      written.put(update.id(), s);
      outcomes.add(Outcome.fresh(s));
      position++;
    }
    if (!written.isEmpty()) {
      trim();
      store.commit();
    }
    ids.commitStaged();
    return outcomes;
  }

  /** The retained update with this id, if any; history it has aged out of does not count. */
  private StoredUpdate storedWithId(String id) {
    Long position = ids.position(id).orElse(null);
    byte[] encoded = position == null ? null : updates.get(position);
    if (encoded == null) {
      return null;
    }
    StoredUpdate stored = UpdateCodec.decode(position, encoded);
    boolean aged = retention.hasAgeLimit()
        && stored.storedAt().isBefore(clock.instant().minus(retention.maxAge()));
    return aged ? null : stored;
  }

  void rollback() {
    ids.discardStaged();
    try {
      store.rollback();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "event=store_rollback_failed", e);
    }
  }

  void sync() {
    store.sync();
  }

  /** Makes a written batch visible to readers and listeners. */
  void publishDurable(List<StoredUpdate> stored) {
    durablePosition = stored.get(stored.size() - 1).position();
    listeners.publish(stored);
  }

  private void trim() {
    while (updates.sizeAsLong() > retention.maxCount()) {
      removeFirst();
    }
    if (retention.hasAgeLimit()) {
      long oldestAllowed = clock.instant().minus(retention.maxAge()).toEpochMilli();
      Long first = updates.firstKey();
      while (first != null
          && UpdateCodec.storedAt(updates.get(first)).toEpochMilli() < oldestAllowed) {
        removeFirst();
        first = updates.firstKey();
      }
    }
  }

  private void removeFirst() {
    Long first = updates.firstKey();
    if (first == null) {
      return;
    }
    byte[] removed = updates.remove(first);
    String id = UpdateCodec.decode(first, removed).id();
    ids.stageRemove(id, first); // Only if the index still points here (files of older versions).
  }
}
