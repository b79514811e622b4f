package dev.sluice.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing with {@code <schema>.publish(…)} inside application transactions that commit out of
 * order, roll back, and stay open, while two logs (two nodes) read: each node hears every
 * committed update once, both in one order, none rolled back.
 */
class TransactionalPublishIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static PostgresServer postgres;
  private static int schemas;
  private String schema;
  private PostgresUpdateLog nodeA;
  private PostgresUpdateLog nodeB;
  private final BlockingQueue<StoredUpdate> heardByA = new LinkedBlockingQueue<>();
  private final BlockingQueue<StoredUpdate> heardByB = new LinkedBlockingQueue<>();
  private final List<Connection> connections = new ArrayList<>();

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

  @BeforeEach
  void startNodes() {
    schema = "tx" + (++schemas);
    nodeA = open();
    nodeB = open();
    nodeA.subscribe(heardByA::addAll);
    nodeB.subscribe(heardByB::addAll);
  }

  @AfterEach
  void stopNodes() throws SQLException {
    for (Connection c : connections) {
      c.close();
    }
    nodeA.close();
    nodeB.close();
  }

  private PostgresUpdateLog open() {
    PostgresUpdateLog log = new PostgresUpdateLog(PostgresTransportConfig.builder(postgres.uri())
        .schema(schema).retention(Retention.DEFAULT).build());
    log.start();
    return log;
  }

  /** An application's connection with its own transactions (autocommit off). */
  private Connection transaction() throws SQLException {
    Connection c = postgres.connect();
    c.setAutoCommit(false);
    connections.add(c);
    return c;
  }

  private String publish(Connection c, String topic, String data) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + schema + ".publish(?, ?)")) {
      ps.setArray(1, c.createArrayOf("text", new Object[] {topic}));
      ps.setString(2, data);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Test
  void anUpdateCommittedLaterThanOneAfterItIsDeliveredAfterItNotSkipped() throws Exception {
    Connection t1 = transaction();
    Connection t2 = transaction();
    String first = publish(t1, "/ooo", "inserted first, committed last");
    String second = publish(t2, "/ooo", "inserted second, committed first");
    t2.commit();

    // Both nodes have read past the update of T2 while T1 is still open.
    assertThat(next(heardByA).id()).isEqualTo(second);
    assertThat(next(heardByB).id()).isEqualTo(second);
    // A publish through the hub meanwhile is neither blocked by T1 nor held back behind it.
    StoredUpdate viaHub = nodeA.append(Update.builder().id("via-hub").topic("/ooo").build())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(next(heardByA).id()).isEqualTo("via-hub");
    assertThat(next(heardByB).id()).isEqualTo("via-hub");

    t1.commit();

    StoredUpdate lateOnA = next(heardByA);
    StoredUpdate lateOnB = next(heardByB);
    assertThat(lateOnA.id()).isEqualTo(first);
    assertThat(lateOnB.id()).isEqualTo(first);
    assertThat(lateOnA.position()).isEqualTo(lateOnB.position()).isGreaterThan(viaHub.position());
    assertThat(entry(first)).as("T1 inserted before T2: insert order is not the log order")
        .isLessThan(entry(second));
    assertNothingElse();
  }

  @Test
  void aRolledBackPublishIsNeverDeliveredAndACommittedOneIsDeliveredOnEveryNode() throws Exception {
    Connection app = transaction();
    publish(app, "/tx", "rolled back");
    app.rollback();
    String committedId;
    try (PreparedStatement ps = app.prepareStatement("SELECT " + schema
        + ".publish(ARRAY['/tx', '/tx/alt'], 'committed', private => true, type => 'book', "
        + "id => 'order-42', retry => 1500)")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        committedId = rs.getString(1);
      }
    }
    assertThat(heardByA.poll(200, TimeUnit.MILLISECONDS)).as("nothing before the commit").isNull();
    app.commit();

    Update expected = Update.builder().id("order-42").topic("/tx").topic("/tx/alt")
        .data("committed").privateUpdate(true).type("book").retry(Duration.ofMillis(1500)).build();
    assertThat(committedId).isEqualTo("order-42");
    assertThat(next(heardByA).update()).isEqualTo(expected);
    assertThat(next(heardByB).update()).isEqualTo(expected);
    assertNothingElse();
  }

  @Test
  void publishWithoutAnIdReturnsAFreshUuidV7() throws Exception {
    Connection app = transaction();
    String id = publish(app, "/ids", "x");
    app.commit();

    assertThat(id).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(next(heardByA).id()).isEqualTo(id);
    next(heardByB);
  }

  @Test
  void publishRefusesBadArgumentsWithAClearMessage() throws Exception {
    Connection app = transaction();
    for (String call : List.of("ARRAY[]::text[], 'd'", "ARRAY[''], 'd'", "ARRAY['/t'], 'd', id => '#x'",
        "ARRAY['/t'], 'd', id => 'earliest'", "ARRAY['/t'], 'd', type => E'a\\nb'",
        "ARRAY['/t'], 'd', retry => -1")) {
      assertThatThrownBy(() -> {
        try (PreparedStatement ps = app.prepareStatement("SELECT " + schema + ".publish(" + call + ")")) {
          ps.executeQuery().close();
        }
      }).as(call).isInstanceOf(SQLException.class).hasMessageContaining("sluice publish:")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
      app.rollback();
    }
  }

  /**
   * Many application transactions publish, hold their transaction open a random moment, and
   * commit or roll back, so commits overtake inserts all the time, while both nodes read. Every
   * committed update arrives on both nodes exactly once and in one order; no rolled-back one does;
   * and the log's order really differed from insert order (the case that matters occurred).
   */
  @Test
  void concurrentOutOfOrderCommitsReachEveryNodeOnceInOneOrder() throws Exception {
    int writers = 6;
    int transactionsEach = 40;
    Set<String> committed = Collections.synchronizedSet(new HashSet<>());
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          try (Connection c = postgres.connect()) {
            c.setAutoCommit(false);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int t = 0; t < transactionsEach; t++) {
              List<String> ids = new ArrayList<>();
              for (int u = 0, n = 1 + random.nextInt(3); u < n; u++) {
                ids.add(publish(c, "/stress", writer + "/" + t + "/" + u));
              }
              // Hold the transaction open a moment so that others commit past it (not a wait
              // for anything: the interleaving is what is being varied).
              LockSupport.parkNanos(random.nextLong(2_000_000));
              if (random.nextInt(5) == 0) {
                c.rollback();
              } else {
                c.commit();
                committed.addAll(ids);
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<StoredUpdate> onA = drain(heardByA, committed.size());
    List<StoredUpdate> onB = drain(heardByB, committed.size());
    assertThat(onA).extracting(StoredUpdate::id).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(committed);
    assertThat(onB).extracting(StoredUpdate::id).containsExactlyElementsOf(
        onA.stream().map(StoredUpdate::id).toList());
    assertThat(onA).extracting(StoredUpdate::position).isSorted();
    assertThat(onB).extracting(StoredUpdate::position).containsExactlyElementsOf(
        onA.stream().map(StoredUpdate::position).toList());
    assertThat(Long.parseLong(PostgresUpdateLogIT.query(postgres, "SELECT count(*) FROM " + schema
        + ".updates a JOIN " + schema + ".updates b ON a.entry < b.entry AND a.position > b.position")))
        .as("pairs committed in the opposite order to their inserts").isPositive();
    assertNothingElse();
  }

  private List<StoredUpdate> drain(BlockingQueue<StoredUpdate> queue, int count) throws InterruptedException {
    List<StoredUpdate> got = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (got.size() < count && System.nanoTime() < end) {
      StoredUpdate u = queue.poll(1, TimeUnit.SECONDS);
      if (u != null) {
        got.add(u);
      }
    }
    return got;
  }

  /** A sentinel published last must be the next thing each node hears. */
  private void assertNothingElse() throws Exception {
    nodeB.append(Update.builder().id("sentinel").topic("/sentinel").build())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(next(heardByA).id()).isEqualTo("sentinel");
    assertThat(next(heardByB).id()).isEqualTo("sentinel");
  }

  private long entry(String eventId) throws SQLException {
    return Long.parseLong(PostgresUpdateLogIT.query(postgres,
        "SELECT entry FROM " + schema + ".updates WHERE event_id = '" + eventId + "'"));
  }

  private static StoredUpdate next(BlockingQueue<StoredUpdate> queue) throws InterruptedException {
    StoredUpdate u = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(u).as("an update within " + WAIT).isNotNull();
    return u;
  }
}
