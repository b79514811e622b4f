package dev.sluice.hub.internal.store;

import dev.sluice.hub.FsyncPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreUpdateLogTest extends UpdateLogContract {
  @TempDir Path dir;

  @Override
  UpdateLog newLog(Retention retention) {
    return new MvStoreUpdateLog(dir, retention, FsyncPolicy.BATCH, clock, 1000);
  }

  @Test
  void historySurvivesReopening() throws Exception {
    open(Retention.DEFAULT);
    append(log, update("before-1"));
    append(log, update("before-2"));
    log.close();

    open(Retention.DEFAULT);
    StoredUpdate after = append(log, update("after"));
    HistoryLookup lookup = log.historyAfter("before-1", 10).toCompletableFuture().get();
    assertThat(((HistoryLookup.Found) lookup).history().updates())
        .extracting(StoredUpdate::id).containsExactly("before-2", "after");
    assertThat(after.position()).isEqualTo(3);
  }

  @Test
  void concurrentAppendsAreAllStoredOnceEach() throws Exception {
    open(Retention.DEFAULT);
    List<CompletableFuture<StoredUpdate>> futures = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      futures.add(log.append(update("c" + i)).toCompletableFuture());
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    assertThat(futures).extracting(f -> f.join().position()).doesNotHaveDuplicates();
    assertThat(log.size()).isEqualTo(500);
  }

  @Test
  void aFileHoldingAnIdTwiceResolvesItToTheEarliestAfterReopening() throws Exception {
    open(Retention.DEFAULT);
    append(log, update("x"));
    log.close();
    // Versions before unique ids stored a reused id again; write such a file directly.
    try (MVStore old = MVStore.open(dir.resolve(MvStoreUpdateLog.FILE_NAME).toString())) {
      MVMap<Long, byte[]> updates = old.openMap("updates");
      java.time.Instant now = clock.instant();
      updates.put(2L, UpdateCodec.encode(update("a"), now));
      updates.put(3L, UpdateCodec.encode(update("y"), now));
      updates.put(4L, UpdateCodec.encode(update("a"), now));
      updates.put(5L, UpdateCodec.encode(update("z"), now));
      old.commit();
    }

    open(Retention.DEFAULT);
    HistoryLookup.Found found =
        (HistoryLookup.Found) log.historyAfter("a", 10).toCompletableFuture().get();
    assertThat(found.history().anchor()).map(StoredUpdate::position).contains(2L);
    assertThat(found.history().updates()).extracting(StoredUpdate::id).containsExactly("y", "a", "z");
    assertThat(append(log, update("a")).position()).as("a retry of it").isEqualTo(2L);
  }

  @Test
  void concurrentRetriesOfOneUpdateStoreItOnce() throws Exception {
    open(Retention.DEFAULT);
    List<CompletableFuture<StoredUpdate>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      futures.add(log.append(update("same")).toCompletableFuture());
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    assertThat(futures).extracting(f -> f.join().position()).containsOnly(1L);
    assertThat(log.size()).isEqualTo(1);
  }

  @Test
  void aDataDirectoryThatIsAFileFailsAtStartWithOneLine() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("not-a-dir"), "x");
    log = new MvStoreUpdateLog(file, Retention.DEFAULT, FsyncPolicy.BATCH, clock, 10);
    org.assertj.core.api.Assertions.assertThatThrownBy(log::start)
        .isInstanceOf(dev.sluice.hub.spi.UpdateLogException.Unavailable.class)
        .hasMessageContaining("cannot be created")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    log = null;
  }

  @Test
  void aCorruptStoreFileFailsAtStartWithOneLine() throws Exception {
    java.nio.file.Files.writeString(dir.resolve(MvStoreUpdateLog.FILE_NAME), "this is no MVStore file\n".repeat(400));
    log = new MvStoreUpdateLog(dir, Retention.DEFAULT, FsyncPolicy.BATCH, clock, 10);
    org.assertj.core.api.Assertions.assertThatThrownBy(log::start)
        .isInstanceOf(dev.sluice.hub.spi.UpdateLogException.Unavailable.class)
        .hasMessageContaining("is unreadable")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    log = null;
  }

  @Test
  void healthIsDownWhenTheStoreFileCannotBeWritten() throws Exception {
    open(Retention.DEFAULT);
    append(log, update("a"));
    assertThat(log.health().up()).isTrue();
    // Root passes every permission check, so take the file away instead: the same answer.
    java.nio.file.Files.delete(dir.resolve(MvStoreUpdateLog.FILE_NAME));

    assertThat(log.health().up()).isFalse();
    assertThat(log.health().detail()).contains("not writable");
  }

  @Test
  void fileWithThePersistedIdsMapOfEarlierVersionsResumesAndDropsIt() throws Exception {
    open(Retention.DEFAULT);
    append(log, update("a"));
    append(log, update("b"));
    log.close();
    try (MVStore old = MVStore.open(dir.resolve(MvStoreUpdateLog.FILE_NAME).toString())) {
      MVMap<String, Long> ids = old.openMap("ids");
      ids.put("a", 1L);
      ids.put("b", 2L);
      old.commit();
    }

    open(Retention.DEFAULT);
    HistoryLookup.Found found =
        (HistoryLookup.Found) log.historyAfter("a", 10).toCompletableFuture().get();
    assertThat(found.history().updates()).extracting(StoredUpdate::id).containsExactly("b");
    log.close();
    try (MVStore reopened = MVStore.open(dir.resolve(MvStoreUpdateLog.FILE_NAME).toString())) {
      assertThat(reopened.hasMap("ids")).isFalse();
    }
  }

  @Test
  void onlyBatchFsyncShortensChunkRetention() {
    assertThat(MvStoreUpdateLog.chunkRetentionMillis(FsyncPolicy.BATCH))
        .isEqualTo(MvStoreUpdateLog.SYNCED_CHUNK_RETENTION.toMillis());
    assertThat(MvStoreUpdateLog.chunkRetentionMillis(FsyncPolicy.OS)).isEqualTo(45_000);
    assertThat(MvStoreUpdateLog.chunkRetentionMillis(FsyncPolicy.interval(Duration.ofMillis(100))))
        .isEqualTo(45_000);
  }

  @Test
  void fullQueueFailsAppendInsteadOfGrowing() {
    log = new MvStoreUpdateLog(dir, Retention.DEFAULT, FsyncPolicy.BATCH, clock, 1);
    // Not started: the writer does not drain, so the answer must come at once.
    assertThat(log.append(update("x")).toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void fileCutShortIsReportedInWordsThatSayWhatToDo() throws Exception {
    open(Retention.DEFAULT);
    append(log, update("a"));
    log.close();
    Path file = dir.resolve(MvStoreUpdateLog.FILE_NAME);
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(8); // What a full disk or a half-copied backup leaves.
    }

    MvStoreUpdateLog cut = new MvStoreUpdateLog(dir, Retention.DEFAULT, FsyncPolicy.BATCH, clock, 1000);
    assertThatThrownBy(cut::start)
        .isInstanceOf(UpdateLogException.class)
        .hasMessageStartingWith("the store " + file + " is unreadable")
        .hasMessageContaining("Restore it from a backup, or move it aside")
        .message().doesNotContain("FileChannelImpl");
    cut.close(); // Closing after a failed start is harmless.
  }

  @Test
  void fileHeldByAnotherStoreIsReportedAsInUse() {
    open(Retention.DEFAULT);
    MvStoreUpdateLog second = new MvStoreUpdateLog(dir, Retention.DEFAULT, FsyncPolicy.BATCH, clock, 1000);
    assertThatThrownBy(second::start)
        .isInstanceOf(UpdateLogException.class)
        .hasMessageContaining("is in use by another process");
  }
}
