package dev.sluice.redis;

import dev.sluice.hub.testing.NodeCluster;
import dev.sluice.hub.testing.Nodes;
import dev.sluice.hub.testing.Deadline;
import dev.sluice.server.testing.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.Hub;
import dev.sluice.server.testing.SseClient;
import java.net.http.HttpClient;
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
 * Redis stops mid-stream and comes back on the same port with its append-only file
 * ({@code --appendonly yes --appendfsync always}), so the stream survives the restart.
 */
@ExtendWith(LeakCheck.class)
class RedisOutageIT {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration RECOVERY = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private NodeCluster<RedisServer> cluster;
  private RedisServer redis;
  private Hub a;
  private Hub b;

  @BeforeEach
  void start() throws Exception {
    cluster = NodeCluster.start(RedisServer.startFresh(), RedisServer::uri, 2);
    redis = cluster.server();
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
  void publishingAnswers503WhileRedisIsDownAndDeliveryResumesWithoutGapOrDuplicate()
      throws Exception {
    String topic = "/outage";
    try (SseClient onA = Nodes.subscribe(a, topic); SseClient onB = Nodes.subscribe(b, topic)) {
      List<String> expected = new ArrayList<>(List.of("before-1", "before-2"));
      String firstId = Nodes.published(a, topic, "before-1");
      Nodes.published(b, topic, "before-2");
      assertThat(onA.nextData(2, WAIT)).containsExactlyElementsOf(expected);
      assertThat(onB.nextData(2, WAIT)).containsExactlyElementsOf(expected);

      redis.stop();

      HttpResponse<String> refused = Nodes.publish(b, topic, "during-outage");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).startsWith("update not stored: ").contains("Redis");
      Deadline.await("node A reporting Redis down", WAIT, () -> health(a) == 503);
      assertThat(onA.isOpen()).as("subscriber on A stays connected").isTrue();
      assertThat(onB.isOpen()).as("subscriber on B stays connected").isTrue();

      redis.start();
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
            .as("history from before the outage survived the Redis restart")
            .containsExactlyElementsOf(expected.subList(1, expected.size()));
      }
    }
    assertThat(a.meterRegistry().get(RedisMeters.RECONNECTS.meterName()).functionCounter().count())
        .isGreaterThanOrEqualTo(1);
    assertThat(a.meterRegistry().get(RedisMeters.APPEND_FAILURES.meterName()).functionCounter()
        .count() + b.meterRegistry().get(RedisMeters.APPEND_FAILURES.meterName()).functionCounter()
        .count()).isGreaterThanOrEqualTo(1);
  }

  private static int health(Hub hub) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(Nodes.url(hub, "/healthz")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
