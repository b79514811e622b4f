package dev.sluice.hub.internal.store;

import dev.sluice.server.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link UpdateLog} must do; each store runs these against itself. */
abstract class UpdateLogContract {
  final FakeClock clock = new FakeClock();
  UpdateLog log;

  abstract UpdateLog newLog(Retention retention);

  UpdateLog open(Retention retention) {
    log = newLog(retention);
    log.start();
    return log;
  }

  @AfterEach
  void closeLog() {
    if (log != null) {
      log.close();
    }
  }

  static Update update(String id) {
    return Update.builder().id(id).topic("https://example.com/t").data("data of " + id).build();
  }

  static StoredUpdate append(UpdateLog log, Update update) throws Exception {
    return log.append(update).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void appendAnswersWithIncreasingPositions() throws Exception {
    open(Retention.DEFAULT);
    StoredUpdate a = append(log, update("a"));
    StoredUpdate b = append(log, update("b"));
    assertThat(a.update()).isEqualTo(update("a"));
    assertThat(b.position()).isGreaterThan(a.position());
  }

  @Test
  void listenersHearStoredUpdatesInOrder() throws Exception {
    open(Retention.DEFAULT);
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    log.subscribe(updates -> updates.forEach(u -> heard.add(u.id())));
    for (int i = 0; i < 50; i++) {
      log.append(update("u" + i));
    }
    for (int i = 0; i < 50; i++) {
      assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("u" + i);
    }
  }

  @Test
  void historyAfterKnownIdReturnsLaterUpdatesWithAnchor() throws Exception {
    open(Retention.DEFAULT);
    for (String id : List.of("a", "b", "c", "d")) {
      append(log, update(id));
    }
    HistoryLookup lookup = log.historyAfter("b", 100).toCompletableFuture().get();
    assertThat(lookup).isInstanceOf(HistoryLookup.Found.class);
    History history = ((HistoryLookup.Found) lookup).history();
    assertThat(history.anchor()).map(StoredUpdate::id).contains("b");
    assertThat(history.updates()).extracting(StoredUpdate::id).containsExactly("c", "d");
    assertThat(history.complete()).isTrue();
  }

  @Test
  void historyIsPagedByLimit() throws Exception {
    open(Retention.DEFAULT);
    for (String id : List.of("a", "b", "c", "d")) {
      append(log, update(id));
    }
    History first = log.historyFrom(log.origin(), 3).toCompletableFuture().get();
    assertThat(first.updates()).extracting(StoredUpdate::id).containsExactly("a", "b", "c");
    assertThat(first.complete()).isFalse();
    History second = log.historyFrom(first.lastPosition(0), 3).toCompletableFuture().get();
    assertThat(second.updates()).extracting(StoredUpdate::id).containsExactly("d");
    assertThat(second.complete()).isTrue();
  }

  @Test
  void unknownIdIsReportedAsUnknown() throws Exception {
    open(Retention.DEFAULT);
    append(log, update("a"));
    assertThat(log.historyAfter("nope", 10).toCompletableFuture().get())
        .isEqualTo(new HistoryLookup.Unknown("nope"));
  }

  @Test
  void retentionByCountForgetsOldestIds() throws Exception {
    open(new Retention(2, Duration.ZERO));
    for (String id : List.of("a", "b", "c")) {
      append(log, update(id));
    }
    assertThat(log.size()).isEqualTo(2);
    assertThat(log.historyAfter("a", 10).toCompletableFuture().get())
        .isInstanceOf(HistoryLookup.Unknown.class);
    assertThat(log.historyFrom(log.origin(), 10).toCompletableFuture().get().updates())
        .extracting(StoredUpdate::id).containsExactly("b", "c");
  }

  @Test
  void retentionByAgeForgetsOldUpdates() throws Exception {
    open(new Retention(100, Duration.ofMinutes(5)));
    append(log, update("old"));
    clock.advance(Duration.ofMinutes(6));
    append(log, update("new"));
    assertThat(log.historyAfter("old", 10).toCompletableFuture().get())
        .isInstanceOf(HistoryLookup.Unknown.class);
    assertThat(log.historyFrom(log.origin(), 10).toCompletableFuture().get().updates())
        .extracting(StoredUpdate::id).containsExactly("new");
  }

  @Test
  void historyBeforeWalksBackNewestFirst() throws Exception {
    open(Retention.DEFAULT);
    append(log, update("a"));
    append(log, update("b"));
    StoredUpdate c = append(log, update("c"));
    assertThat(log.historyBefore(c.position(), 10).toCompletableFuture().get())
        .extracting(StoredUpdate::id).containsExactly("b", "a");
    assertThat(log.last().toCompletableFuture().get()).map(StoredUpdate::id).contains("c");
  }

  @Test
  void keepsEveryFieldOfAnUpdate() throws Exception {
    open(Retention.DEFAULT);
    Update full = Update.builder().id("urn:uuid:1").topic("https://a/1").topic("https://a/2")
        .data("line1\nline2 é").privateUpdate(true).type("created").retry(Duration.ofMillis(1500))
        .build();
    append(log, full);
    assertThat(log.historyFrom(0, 1).toCompletableFuture().get().updates().get(0).update())
        .isEqualTo(full);
  }

  @Test
  void aRetryWithTheSameIdAndContentIsAnsweredWithTheStoredUpdateAndNotStoredAgain()
      throws Exception {
    open(Retention.DEFAULT);
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    log.subscribe(updates -> updates.forEach(u -> heard.add(u.id())));
    StoredUpdate first = append(log, update("a"));
    append(log, update("b"));

    StoredUpdate retried = append(log, update("a"));

    assertThat(retried.position()).isEqualTo(first.position());
    assertThat(retried.storedAt()).isEqualTo(first.storedAt());
    assertThat(log.size()).isEqualTo(2);
    append(log, update("c"));
    assertThat(List.of(heard.poll(10, TimeUnit.SECONDS), heard.poll(10, TimeUnit.SECONDS),
        heard.poll(10, TimeUnit.SECONDS))).containsExactly("a", "b", "c");
    assertThat(heard).as("the retry is not delivered again").isEmpty();
  }

  @Test
  void anIdReusedWithOtherContentIsRefusedAsAConflict() throws Exception {
    open(Retention.DEFAULT);
    append(log, update("a"));
    Update other = Update.builder().id("a").topic("https://example.com/t").data("other").build();

    assertThat(log.append(other).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(dev.sluice.hub.spi.UpdateLogException.Conflict.class)
        .withMessageContaining("id is already used");
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.historyFrom(log.origin(), 10).toCompletableFuture().get().updates())
        .extracting(StoredUpdate::update).containsExactly(update("a"));
  }

  @Test
  void aReusedIdResolvesToTheEarliestUpdateBearingIt() throws Exception {
    open(Retention.DEFAULT);
    StoredUpdate first = append(log, update("a"));
    append(log, update("b"));
    append(log, update("a")); // A retry: not stored, so "a" keeps naming the first update.
    append(log, update("c"));

    HistoryLookup.Found found =
        (HistoryLookup.Found) log.historyAfter("a", 10).toCompletableFuture().get();
    assertThat(found.history().anchor()).map(StoredUpdate::position).contains(first.position());
    assertThat(found.history().updates()).extracting(StoredUpdate::id).containsExactly("b", "c");
  }

  @Test
  void anIdTrimmedFromHistoryMayBeStoredAgain() throws Exception {
    open(new Retention(100, Duration.ofMinutes(5)));
    StoredUpdate first = append(log, update("a"));
    clock.advance(Duration.ofMinutes(6));
    Update reused = Update.builder().id("a").topic("https://example.com/t").data("new").build();

    StoredUpdate again = append(log, reused);

    assertThat(again.position()).isGreaterThan(first.position());
    assertThat(again.update()).isEqualTo(reused);
  }
}
