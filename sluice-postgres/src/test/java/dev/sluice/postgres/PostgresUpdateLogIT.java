package dev.sluice.postgres;

import dev.sluice.hub.testing.Deadline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateLogException;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

/** The log against a real PostgreSQL: schema, fields, retention, paging. Each test has its own schema. */
class PostgresUpdateLogIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static PostgresServer postgres;
  private static int schemas;
  private final List<PostgresUpdateLog> logs = new ArrayList<>();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.startFresh();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void closeLogs() {
    logs.forEach(PostgresUpdateLog::close);
  }

  private PostgresUpdateLog open(String schema, Retention retention) {
    PostgresUpdateLog log = new PostgresUpdateLog(PostgresTransportConfig.builder(postgres.uri())
        .schema(schema).retention(retention).maintenanceInterval(Duration.ofMillis(100)).build());
    logs.add(log);
    log.start();
    return log;
  }

  private static String schema() {
    return "t" + (++schemas);
  }

  private static Update update(String id) {
    return Update.builder().id(id).topic("https://example.com/t").data("data of " + id).build();
  }

  private static StoredUpdate append(PostgresUpdateLog log, String id) throws Exception {
    return log.append(update(id)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void appendStoresEveryFieldAndEveryNodeHearsItWithTheSamePosition() throws Exception {
    String schema = schema();
    PostgresUpdateLog one = open(schema, Retention.DEFAULT);
    PostgresUpdateLog two = open(schema, Retention.DEFAULT);
    BlockingQueue<StoredUpdate> heardByTwo = new LinkedBlockingQueue<>();
    two.subscribe(heardByTwo::addAll);
    Update full = Update.builder().id("urn:uuid:full").topic("https://example.com/a")
        .topic("https://example.com/b").data("line 1\nline 2 — ünïcode").privateUpdate(true)
        .type("book").retry(Duration.ofMillis(1500)).build();

    StoredUpdate stored = one.append(full).toCompletableFuture().get(10, TimeUnit.SECONDS);

    StoredUpdate heard = heardByTwo.poll(10, TimeUnit.SECONDS);
    assertThat(heard).isNotNull();
    assertThat(heard.update()).isEqualTo(full);
    assertThat(heard.position()).isEqualTo(stored.position());
    assertThat(heard.storedAt()).isEqualTo(stored.storedAt());
  }

  @Test
  void theSchemaIsVersionedAndASecondStartMigratesNothing() throws Exception {
    String schema = schema();
    open(schema, Retention.DEFAULT);
    open(schema, Retention.DEFAULT);

    assertThat(query("SELECT string_agg(version::text, ',') FROM " + schema + ".schema_version"))
        .isEqualTo("1");
  }

  @Test
  void aSchemaNewerThanThisCodeIsRefusedWithAClearMessage() throws Exception {
    String schema = schema();
    open(schema, Retention.DEFAULT).close();
    execute("INSERT INTO " + schema + ".schema_version (version) VALUES (99)");

    assertThatThrownBy(() -> open(schema, Retention.DEFAULT))
        .isInstanceOf(UpdateLogException.Unavailable.class)
        .hasMessageContaining("version 99, newer than this Sluice knows (1)");
  }

  @Test
  void aRoleThatOwnsOnlyItsSchemaCanStartAndAnApplicationRoleNeedsOnlyTheDocumentedGrants()
      throws Exception {
    execute("CREATE ROLE hub_only LOGIN PASSWORD 'hub-pw'");
    execute("CREATE ROLE app_only LOGIN PASSWORD 'app-pw'");
    execute("CREATE SCHEMA owned AUTHORIZATION hub_only");
    PostgresUpdateLog log = new PostgresUpdateLog(PostgresTransportConfig.builder(URI.create(
        "postgresql://hub_only:hub-pw@127.0.0.1:" + postgres.port() + "/postgres")).schema("owned").build());
    logs.add(log);
    log.start();
    BlockingQueue<StoredUpdate> heard = new LinkedBlockingQueue<>();
    log.subscribe(heard::addAll);

    assertThatThrownBy(() -> publishAs("app_only", "app-pw", "owned"))
        .as("not executable by PUBLIC").hasMessageContaining("permission denied");
    execute("GRANT USAGE ON SCHEMA owned TO app_only");
    execute("GRANT EXECUTE ON FUNCTION owned.publish(text[], text, boolean, text, text, int) TO app_only");
    publishAs("app_only", "app-pw", "owned");

    StoredUpdate got = heard.poll(10, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    assertThat(got.update().data()).isEqualTo("from app_only");
  }

  private static void publishAs(String user, String password, String schema) throws SQLException {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    try (Connection c = new org.postgresql.Driver().connect(
        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres", p);
         Statement st = c.createStatement()) {
      st.executeQuery("SELECT " + schema + ".publish(ARRAY['/grants'], 'from " + user + "')").close();
    }
  }

  @Test
  void retentionByCountKeepsTheNewestUpdates() throws Exception {
    String schema = schema();
    PostgresUpdateLog log = open(schema, new Retention(3, Duration.ZERO));
    for (int i = 1; i <= 6; i++) {
      append(log, "id-" + i);
    }

    assertThat(query("SELECT string_agg(event_id, ',' ORDER BY position) FROM " + schema + ".updates"))
        .isEqualTo("id-4,id-5,id-6");
    assertThat(lookup(log, "id-3")).isInstanceOf(HistoryLookup.Unknown.class);
    Deadline.await("the reader to deliver id-6", WAIT,
        () -> lookup(log, "id-4") instanceof HistoryLookup.Found f && f.history().updates().size() == 2);
    HistoryLookup.Found found = (HistoryLookup.Found) lookup(log, "id-4");
    assertThat(found.history().anchor().orElseThrow().id()).isEqualTo("id-4");
    assertThat(found.history().updates()).extracting(StoredUpdate::id).containsExactly("id-5", "id-6");
    assertThat(found.history().complete()).isTrue();
  }

  @Test
  void retentionByAgeRemovesOldUpdatesEvenWhenNobodyAppends() throws Exception {
    String schema = schema();
    PostgresUpdateLog log = open(schema, new Retention(1000, Duration.ofMillis(300)));
    append(log, "old");

    Deadline.await("age retention to remove the update", WAIT,
        () -> query("SELECT count(*) FROM " + schema + ".updates").equals("0"));
    assertThat(lookup(log, "old")).isInstanceOf(HistoryLookup.Unknown.class);
  }

  @Test
  void aRetryOnAnyNodeIsAnsweredWithTheStoredUpdateAndStoredOnce() throws Exception {
    String schema = schema();
    PostgresUpdateLog one = open(schema, Retention.DEFAULT);
    PostgresUpdateLog two = open(schema, Retention.DEFAULT);
    StoredUpdate first = append(one, "same");
    append(one, "other");

    StoredUpdate retried = append(two, "same");

    assertThat(retried.position()).isEqualTo(first.position());
    assertThat(retried.storedAt()).isEqualTo(first.storedAt());
    assertThat(query("SELECT count(*) FROM " + schema + ".updates WHERE event_id = 'same'"))
        .isEqualTo("1");
  }

  @Test
  void concurrentRetriesFromTwoNodesStoreTheUpdateOnce() throws Exception {
    String schema = schema();
    PostgresUpdateLog one = open(schema, Retention.DEFAULT);
    PostgresUpdateLog two = open(schema, Retention.DEFAULT);
    List<java.util.concurrent.CompletableFuture<StoredUpdate>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      futures.add((i % 2 == 0 ? one : two).append(update("burst")).toCompletableFuture());
    }
    for (var future : futures) {
      future.get(10, TimeUnit.SECONDS);
    }
    assertThat(futures).extracting(f -> f.join().position())
        .containsOnly(futures.get(0).join().position());
    assertThat(query("SELECT count(*) FROM " + schema + ".updates")).isEqualTo("1");
  }

  @Test
  void anIdReusedWithOtherContentIsRefusedAsAConflict() throws Exception {
    String schema = schema();
    PostgresUpdateLog log = open(schema, Retention.DEFAULT);
    append(log, "same");
    Update other = Update.builder().id("same").topic("https://example.com/t").data("other").build();

    assertThatThrownBy(() -> log.append(other).toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UpdateLogException.Conflict.class);
    assertThat(query("SELECT count(*) FROM " + schema + ".updates")).isEqualTo("1");
  }

  @Test
  void anIdTheApplicationPublishedTwiceResolvesToTheEarliestUpdate() throws Exception {
    String schema = schema();
    PostgresUpdateLog log = open(schema, Retention.DEFAULT);
    // publish() inside application transactions does not check ids: the earliest must win.
    execute("SELECT " + schema + ".publish(ARRAY['https://example.com/t'], 'first', false, NULL, 'twice')");
    execute("SELECT " + schema + ".publish(ARRAY['https://example.com/t'], 'between')");
    execute("SELECT " + schema + ".publish(ARRAY['https://example.com/t'], 'second', false, NULL, 'twice')");
    StoredUpdate last = append(log, "last");

    Deadline.await("the reader to deliver the hub's own update", WAIT,
        () -> log.lastDelivered() == last.position());
    HistoryLookup.Found found = (HistoryLookup.Found) lookup(log, "twice");
    assertThat(found.history().anchor().orElseThrow().update().data()).isEqualTo("first");
    assertThat(found.history().updates()).extracting(u -> u.update().data())
        .containsExactly("between", "second", "data of last");
  }

  @Test
  void historyFromPagesForwardAndHistoryBeforePagesBackward() throws Exception {
    PostgresUpdateLog log = open(schema(), Retention.DEFAULT);
    List<StoredUpdate> stored = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      stored.add(append(log, "p-" + i));
    }
    Deadline.await("the reader to deliver p-5", WAIT,
        () -> log.lastDelivered() == stored.get(4).position());
    assertThat(stored).extracting(StoredUpdate::position).isSorted().doesNotHaveDuplicates();

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
  void theCountersOfTheMetersMove() throws Exception {
    PostgresUpdateLog log = open(schema(), Retention.DEFAULT);
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    log.bindMetrics(registry);
    StoredUpdate last = append(log, "metered");
    Deadline.await("the reader to deliver it", WAIT, () -> log.lastDelivered() == last.position());

    assertThat(registry.get(PostgresMeters.SEQUENCED.meterName()).functionCounter().count()).isEqualTo(1);
    assertThat(registry.get(PostgresMeters.CONNECTED.meterName()).gauge().value()).isEqualTo(1);
    assertThat(registry.get(PostgresMeters.READ_BATCH.meterName()).summary().count()).isGreaterThanOrEqualTo(1);
    Deadline.await("a wake-up to be counted", WAIT, () -> registry.find(PostgresMeters.WAKEUPS.meterName())
        .functionCounters().stream().mapToDouble(c -> c.count()).sum() >= 1);
  }

  @Test
  void appendFailsFastWithUnavailableOnceClosed() {
    PostgresUpdateLog log = open(schema(), Retention.DEFAULT);
    log.close();

    assertThatThrownBy(() -> log.append(update("late")).toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UpdateLogException.Unavailable.class);
    assertThat(log.health().up()).isFalse();
  }

  @Test
  void startFailsWithAClearMessageWhenPostgresIsUnreachableAndNeverShowsThePassword() {
    PostgresUpdateLog log = new PostgresUpdateLog(PostgresTransportConfig.builder(
        URI.create("postgresql://sluice:s3cret-pw@127.0.0.1:1/app")).build());

    assertThatThrownBy(log::start).isInstanceOf(UpdateLogException.Unavailable.class)
        .hasMessageStartingWith("cannot reach PostgreSQL at postgresql://127.0.0.1:1/app")
        .message().doesNotContain("s3cret-pw");
  }

  @Test
  void aWrongPasswordFailsTheStartWithoutShowingIt() {
    PostgresUpdateLog log = new PostgresUpdateLog(PostgresTransportConfig.builder(
        URI.create("postgresql://sluice:wrong-pw@127.0.0.1:" + postgres.port() + "/postgres")).build());

    assertThatThrownBy(log::start).isInstanceOf(UpdateLogException.Unavailable.class)
        .hasMessageContaining("password authentication failed")
        .message().doesNotContain("wrong-pw");
  }

  private static String query(String sql) throws SQLException {
    return query(postgres, sql);
  }

  /** The first column of the first row of {@code sql}, as text. */
  static String query(PostgresServer server, String sql) throws SQLException {
    try (Connection c = server.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = postgres.connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static HistoryLookup lookup(PostgresUpdateLog log, String id) throws Exception {
    return log.historyAfter(id, 100).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
