package dev.sluice.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ServerSentEvent;
import dev.sluice.hub.Hub;
import dev.sluice.hub.auth.TokenMinter;
import dev.sluice.hub.auth.TokenSpec;
import dev.sluice.hub.testing.NodeCluster;
import dev.sluice.hub.testing.Nodes;
import dev.sluice.publisher.JdbcPublisher;
import dev.sluice.publisher.Update;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * sluice-publisher's {@link JdbcPublisher} on an application's own connection, against the schema
 * two hub nodes installed in a real PostgreSQL: an update is delivered by the other node when the
 * transaction commits, with every field, and never when it rolls back.
 */
@ExtendWith(LeakCheck.class)
class JdbcPublisherIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SUBSCRIBER = TokenMinter.hs256(Nodes.SECRET).mint(TokenSpec.builder()
      .subscribe("*").issuer(Nodes.ISSUER).audience(Nodes.AUDIENCE)
      .expiresAt(Instant.now().plus(Duration.ofHours(1))).build());
  private static NodeCluster<PostgresServer> cluster;
  private static Hub a;
  private static Hub b;
  private final JdbcPublisher publisher = JdbcPublisher.create();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = NodeCluster.start(PostgresServer.startFresh(), PostgresServer::uri, 2);
    a = cluster.node(0);
    b = cluster.node(1);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Connection transaction() throws SQLException {
    Connection connection = cluster.server().connect();
    connection.setAutoCommit(false);
    return connection;
  }

  private static SseClient subscribe(String topic) throws Exception {
    return Nodes.subscribe(b, topic, Map.of("Authorization", "Bearer " + SUBSCRIBER));
  }

  @Test
  void aCommittedUpdateReachesAnotherNodeWithEveryFieldAndOnlyAfterTheCommit() throws Exception {
    String topic = "https://example.com/orders/42";
    try (SseClient onB = subscribe(topic); Connection app = transaction()) {
      String id = publisher.publish(app, Update.builder().topic(topic).topic("https://example.com/orders")
          .data("{\"status\":\"shipped\"}\nline two").privateUpdate(true).type("order")
          .id("order-42-shipped").retry(Duration.ofMillis(2500)).build());
      assertThat(id).isEqualTo("order-42-shipped");
      // Published through a node after the insert but before the commit: delivered first, so the
      // open transaction's update was not (the log's order is commit order).
      Nodes.published(a, topic, "marker while open");
      assertThat(onB.nextEvent(WAIT).data()).isEqualTo("marker while open");

      app.commit();

      ServerSentEvent event = onB.nextEvent(WAIT);
      assertThat(event.data()).isEqualTo("{\"status\":\"shipped\"}\nline two");
      assertThat(event.id()).contains("order-42-shipped");
      assertThat(event.type()).isEqualTo("order");
      try (Connection check = cluster.server().connect();
          PreparedStatement row = check.prepareStatement("SELECT retry_ms FROM sluice.updates WHERE event_id = ?")) {
        row.setString(1, id);
        try (ResultSet stored = row.executeQuery()) {
          assertThat(stored.next()).isTrue();
          assertThat(stored.getInt(1)).as("retry, stored in whole milliseconds").isEqualTo(2500);
        }
      }
    }
  }

  @Test
  void aRolledBackUpdateIsNeverDelivered() throws Exception {
    String topic = "https://example.com/orders/7";
    try (SseClient onB = subscribe(topic); Connection app = transaction()) {
      publisher.publish(app, Update.of(topic, "rolled back"));
      app.rollback();
      String generated = publisher.publish(app, Update.of(topic, "committed"));
      app.commit();
      Nodes.published(a, topic, "after both");

      ServerSentEvent first = onB.nextEvent(WAIT);
      assertThat(first.data()).isEqualTo("committed");
      assertThat(generated).startsWith("urn:uuid:");
      assertThat(first.id()).contains(generated);
      assertThat(onB.nextEvent(WAIT).data()).isEqualTo("after both");
    }
  }

  @Test
  void anAutoCommitConnectionPublishesAtOnce() throws Exception {
    String topic = "https://example.com/autocommit";
    try (SseClient onB = subscribe(topic); Connection app = cluster.server().connect()) {
      String id = publisher.publish(app, Update.of(topic, "at once"));

      ServerSentEvent event = onB.nextEvent(WAIT);
      assertThat(event.data()).isEqualTo("at once");
      assertThat(event.id()).contains(id);
    }
  }

  @Test
  void aSchemaWithoutTheFunctionIsTheCallersSqlExceptionAndABadSchemaNameIsRefusedBeforeAnySql() throws Exception {
    try (Connection app = transaction()) {
      assertThatThrownBy(() -> JdbcPublisher.forSchema("nope").publish(app, Update.of("/t", "x")))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("schema \"nope\" does not exist");
      app.rollback();
    }
    assertThatThrownBy(() -> JdbcPublisher.forSchema("Robert'); DROP"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schema must be a lower-case SQL name");
  }
}
