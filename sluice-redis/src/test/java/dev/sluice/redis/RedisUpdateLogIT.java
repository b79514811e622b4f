package dev.sluice.redis;

import dev.sluice.hub.testing.Deadline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateLogException;
import dev.sluice.redis.internal.StreamIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The log against a real Redis: layout, retention, index, positions. Each test has its own prefix. */
class RedisUpdateLogIT {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static RedisServer redis;
  private static int prefixes;
  private final List<RedisUpdateLog> logs = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.startFresh();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void closeLogs() {
    logs.forEach(RedisUpdateLog::close);
  }

  private RedisUpdateLog open(String prefix, Retention retention) {
    RedisUpdateLog log = new RedisUpdateLog(RedisTransportConfig.builder(redis.uri())
        .prefix(prefix).retention(retention).maintenanceInterval(Duration.ofMillis(100)).build());
    logs.add(log);
    log.start();
    return log;
  }

  private static String prefix() {
    return "t" + (++prefixes);
  }

  private static Update update(String id) {
    return Update.builder().id(id).topic("https://example.com/t").data("data of " + id).build();
  }

  private static StoredUpdate append(RedisUpdateLog log, String id) throws Exception {
    return log.append(update(id)).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void appendStoresEveryFieldAndEveryNodeHearsItWithTheSamePosition() throws Exception {
    String prefix = prefix();
    RedisUpdateLog one = open(prefix, Retention.DEFAULT);
    RedisUpdateLog two = open(prefix, Retention.DEFAULT);
    BlockingQueue<StoredUpdate> heardByTwo = new LinkedBlockingQueue<>();
    two.subscribe(heardByTwo::addAll);
    Update full = Update.builder().id("urn:uuid:full").topic("https://example.com/a")
        .topic("https://example.com/b").data("line 1\nline 2 — ünïcode").privateUpdate(true)
        .type("book").retry(Duration.ofMillis(1500)).build();

    StoredUpdate stored = one.append(full).toCompletableFuture().get(5, TimeUnit.SECONDS);

    StoredUpdate heard = heardByTwo.poll(5, TimeUnit.SECONDS);
    assertThat(heard).isNotNull();
    assertThat(heard.update()).isEqualTo(full);
    assertThat(heard.position()).isEqualTo(stored.position());
    assertThat(heard.storedAt()).isEqualTo(stored.storedAt());
  }

  @Test
  void retentionByCountTrimsTheStreamAndItsIndexTogether() throws Exception {
    String prefix = prefix();
    RedisUpdateLog log = open(prefix, new Retention(3, Duration.ZERO));
    for (int i = 1; i <= 6; i++) {
      append(log, "id-" + i);
    }

    assertThat(redis.command("XLEN {" + prefix + "}:log")).isEqualTo(":3");
    assertThat(redis.command("HLEN {" + prefix + "}:ids")).isEqualTo(":3");
    assertThat(lookup(log, "id-3")).isInstanceOf(HistoryLookup.Unknown.class);
    Deadline.await("the reader to deliver id-6", WAIT, () -> !log.lastDelivered().equals("0-0")
        && lookup(log, "id-4") instanceof HistoryLookup.Found f && f.history().updates().size() == 2);
    HistoryLookup.Found found = (HistoryLookup.Found) lookup(log, "id-4");
    assertThat(found.history().anchor().orElseThrow().id()).isEqualTo("id-4");
    assertThat(found.history().updates()).extracting(StoredUpdate::id).containsExactly("id-5", "id-6");
    assertThat(found.history().complete()).isTrue();
  }

  @Test
  void retentionByAgeRemovesOldEntriesEvenWhenNobodyAppends() throws Exception {
    String prefix = prefix();
    RedisUpdateLog log = open(prefix, new Retention(1000, Duration.ofMillis(300)));
    append(log, "old");

    Deadline.await("age retention to remove the entry", WAIT,
        () -> redis.command("XLEN {" + prefix + "}:log").equals(":0"));
    assertThat(redis.command("HLEN {" + prefix + "}:ids")).isEqualTo(":0");
    assertThat(lookup(log, "old")).isInstanceOf(HistoryLookup.Unknown.class);
  }

  @Test
  void aRetryOnAnyNodeIsAnsweredWithTheHeldEntryAndStoredOnce() throws Exception {
    String prefix = prefix();
    RedisUpdateLog one = open(prefix, Retention.DEFAULT);
    RedisUpdateLog two = open(prefix, Retention.DEFAULT);
    StoredUpdate first = append(one, "same");
    append(one, "other");

    StoredUpdate retried = append(two, "same");

    assertThat(retried.position()).isEqualTo(first.position());
    assertThat(retried.storedAt()).isEqualTo(first.storedAt());
    assertThat(redis.command("XLEN {" + prefix + "}:log")).isEqualTo(":2");
    HistoryLookup.Found found = (HistoryLookup.Found) lookup(two, "same");
    assertThat(found.history().anchor().orElseThrow().position()).isEqualTo(first.position());
  }

  @Test
  void concurrentRetriesFromTwoNodesStoreTheUpdateOnce() throws Exception {
    String prefix = prefix();
    RedisUpdateLog one = open(prefix, Retention.DEFAULT);
    RedisUpdateLog two = open(prefix, Retention.DEFAULT);
    List<java.util.concurrent.CompletableFuture<StoredUpdate>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add((i % 2 == 0 ? one : two).append(update("burst")).toCompletableFuture());
    }
    for (var future : futures) {
      future.get(5, TimeUnit.SECONDS);
    }
    assertThat(futures).extracting(f -> f.join().position()).containsOnly(futures.get(0).join().position());
    assertThat(redis.command("XLEN {" + prefix + "}:log")).isEqualTo(":1");
  }

  @Test
  void anIdReusedWithOtherContentIsRefusedAsAConflict() throws Exception {
    String prefix = prefix();
    RedisUpdateLog log = open(prefix, Retention.DEFAULT);
    append(log, "same");
    Update other = Update.builder().id("same").topic("https://example.com/t").data("other").build();

    assertThatThrownBy(() -> log.append(other).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UpdateLogException.Conflict.class);
    assertThat(redis.command("XLEN {" + prefix + "}:log")).isEqualTo(":1");
  }

  @Test
  void anIdTrimmedFromTheStreamMayBeStoredAgain() throws Exception {
    String prefix = prefix();
    RedisUpdateLog log = open(prefix, new Retention(2, Duration.ZERO));
    StoredUpdate first = append(log, "same");
    append(log, "other-1");
    append(log, "other-2"); // Trims the first "same".

    StoredUpdate again = append(log, "same");

    assertThat(again.position()).isGreaterThan(first.position());
    HistoryLookup.Found found = (HistoryLookup.Found) lookup(log, "same");
    assertThat(found.history().anchor().orElseThrow().position()).isEqualTo(again.position());
  }

  @Test
  void historyFromPagesForwardAndHistoryBeforePagesBackward() throws Exception {
    RedisUpdateLog log = open(prefix(), Retention.DEFAULT);
    List<StoredUpdate> stored = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      stored.add(append(log, "p-" + i));
    }
    Deadline.await("the reader to deliver p-5", WAIT,
        () -> StreamIds.toPosition(log.lastDelivered()) == stored.get(4).position());

    History first = log.historyFrom(log.origin(), 3).toCompletableFuture().get();
    assertThat(first.updates()).extracting(StoredUpdate::id).containsExactly("p-1", "p-2", "p-3");
    assertThat(first.complete()).isFalse();
    History second = log.historyFrom(first.lastPosition(0), 3).toCompletableFuture().get();
    assertThat(second.updates()).extracting(StoredUpdate::id).containsExactly("p-4", "p-5");
    assertThat(second.complete()).isTrue();
    assertThat(log.historyBefore(stored.get(3).position(), 10).toCompletableFuture().get())
        .extracting(StoredUpdate::id).containsExactly("p-3", "p-2", "p-1");
    assertThat(log.last().toCompletableFuture().get()).map(StoredUpdate::id).contains("p-5");
  }

  @Test
  void aSequenceTooLargeForAPositionMovesTheEntryToTheNextMillisecond() throws Exception {
    String prefix = prefix();
    long future = System.currentTimeMillis() + 3_600_000;
    // Redis hands out <future>-1048576 next: one past what a position can hold.
    assertThat(redis.command("XADD {" + prefix + "}:log " + future + "-1048575 n 0 i seed u x"))
        .startsWith("$");
    RedisUpdateLog log = open(prefix, Retention.DEFAULT); // Starts after the seed entry.

    StoredUpdate stored = append(log, "overflow");

    assertThat(StreamIds.toId(stored.position())).isEqualTo((future + 1) + "-0");
  }

  @Test
  void appendFailsFastWithUnavailableOnceClosed() {
    RedisUpdateLog log = open(prefix(), Retention.DEFAULT);
    log.close();

    assertThatThrownBy(() -> log.append(update("late")).toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UpdateLogException.Unavailable.class);
    assertThat(log.health().up()).isFalse();
  }

  @Test
  void startFailsWithAClearMessageWhenRedisIsUnreachable() {
    RedisUpdateLog log = new RedisUpdateLog(RedisTransportConfig.builder(
        java.net.URI.create("redis://127.0.0.1:1/0")).commandTimeout(Duration.ofMillis(500)).build());

    assertThatThrownBy(log::start).isInstanceOf(UpdateLogException.Unavailable.class)
        .hasMessageStartingWith("cannot reach Redis at redis://127.0.0.1:1/0");
  }

  private static HistoryLookup lookup(RedisUpdateLog log, String id) throws Exception {
    return log.historyAfter(id, 100).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
