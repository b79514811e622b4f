package dev.sluice.postgres;

import dev.sluice.hub.testing.NodeCluster;
import dev.sluice.hub.testing.Nodes;
import dev.sluice.hub.testing.Deadline;
import dev.sluice.server.testing.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.Hub;
import dev.sluice.server.testing.SseClient;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops mid-stream (fast shutdown: every connection is cut) and comes back on the same
 * port and data directory, so the log survives the restart. An application commits an update
 * through {@code sluice.publish} before any node has reconnected: the nodes sequence and deliver
 * it when they come back, before what is published through them afterwards.
 */
@ExtendWith(LeakCheck.class)
class PostgresOutageIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private NodeCluster<PostgresServer> cluster;
  private PostgresServer postgres;
  private Hub a;
  private Hub b;

  @BeforeEach
  void start() throws Exception {
    cluster = NodeCluster.start(PostgresServer.startFresh(), PostgresServer::uri, 2);
    postgres = cluster.server();
    a = cluster.node(0);
    b = cluster.node(1);
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void publishingAnswers503WhilePostgresIsDownAndDeliveryResumesWithoutGapOrDuplicate()
      throws Exception {
    String topic = "/outage";
    try (SseClient onA = Nodes.subscribe(a, topic); SseClient onB = Nodes.subscribe(b, topic)) {
      List<String> expected = new ArrayList<>(List.of("before-1", "before-2"));
      String firstId = Nodes.published(a, topic, "before-1");
      Nodes.published(b, topic, "before-2");
      assertThat(onA.nextData(2, WAIT)).containsExactlyElementsOf(expected);
      assertThat(onB.nextData(2, WAIT)).containsExactlyElementsOf(expected);

      postgres.stop();

      HttpResponse<String> refused = Nodes.publish(b, topic, "during-outage");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).startsWith("update not stored: ").contains("PostgreSQL");
      Deadline.await("node A reporting PostgreSQL down", WAIT, () -> health(a) == 503);
      assertThat(onA.isOpen()).as("subscriber on A stays connected").isTrue();
      assertThat(onB.isOpen()).as("subscriber on B stays connected").isTrue();

      postgres.start();
      Deadline.await("an application transaction to commit", RECOVERY, () -> {
        try (Connection app = postgres.connect();
             PreparedStatement ps = app.prepareStatement("SELECT sluice.publish(ARRAY[?], ?)")) {
          ps.setString(1, topic);
          ps.setString(2, "after-0 from the application");
          ps.executeQuery().close();
          return true;
        } catch (SQLException e) {
          return false; // Still starting.
        }
      });
      expected.add("after-0 from the application");
      // The first update after the restart goes through B as soon as B can store again; A may
      // still be in its reconnect backoff and must catch up from where it stopped.
      Deadline.await("node B storing again", RECOVERY,
          () -> Nodes.publish(b, topic, "after-1").statusCode() == 200);
      expected.add("after-1");
      // Each node reconnects on its own jittered backoff; A may answer 503 a little longer.
      Deadline.await("node A healthy again", RECOVERY, () -> health(a) == 200);
      for (int i = 2; i <= 4; i++) {
        Nodes.published(i % 2 == 0 ? a : b, topic, "after-" + i);
        expected.add("after-" + i);
      }
      List<String> resumed = expected.subList(2, expected.size());
      assertThat(onA.nextData(resumed.size(), RECOVERY)).containsExactlyElementsOf(resumed);
      assertThat(onB.nextData(resumed.size(), RECOVERY)).containsExactlyElementsOf(resumed);
      Nodes.published(a, topic, "sentinel");
      assertThat(onA.nextEvent(WAIT).data()).as("nothing between the last and the sentinel").isEqualTo("sentinel");
      assertThat(onB.nextEvent(WAIT).data()).as("nothing between the last and the sentinel").isEqualTo("sentinel");
      expected.add("sentinel");

      try (SseClient replay = Nodes.subscribe(b, topic, Map.of("Last-Event-ID", firstId))) {
        assertThat(replay.nextData(expected.size() - 1, WAIT))
            .as("history from before the outage survived the PostgreSQL restart")
            .containsExactlyElementsOf(expected.subList(1, expected.size()));
      }
    }
    assertThat(a.meterRegistry().get(PostgresMeters.RECONNECTS.meterName()).functionCounter().count())
        .isGreaterThanOrEqualTo(1);
    assertThat(a.meterRegistry().get(PostgresMeters.APPEND_FAILURES.meterName()).functionCounter()
        .count() + b.meterRegistry().get(PostgresMeters.APPEND_FAILURES.meterName()).functionCounter()
        .count()).isGreaterThanOrEqualTo(1);
  }

  private static int health(Hub hub) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(Nodes.url(hub, "/healthz")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
