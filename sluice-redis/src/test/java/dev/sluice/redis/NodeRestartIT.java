package dev.sluice.redis;

import dev.sluice.hub.testing.NodeCluster;
import dev.sluice.hub.testing.Nodes;
import dev.sluice.hub.testing.Deadline;
import dev.sluice.server.testing.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.Hub;
import dev.sluice.server.testing.SseClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node that stops and starts again catches up: its subscribers resume by Last-Event-ID. */
@ExtendWith(LeakCheck.class)
class NodeRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private NodeCluster<RedisServer> cluster;
  private Hub a;
  private Hub b;

  @BeforeEach
  void start() throws Exception {
    cluster = NodeCluster.start(RedisServer.startFresh(), RedisServer::uri, 2);
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
  void restartedNodeServesWhatWasPublishedWhileItWasDownThenLiveUpdates() throws Exception {
    String topic = "/restart";
    String lastSeen;
    try (SseClient onA = Nodes.subscribe(a, topic)) {
      Nodes.published(b, topic, "u1");
      lastSeen = Nodes.published(b, topic, "u2");
      assertThat(onA.nextData(2, WAIT)).containsExactly("u1", "u2");
      cluster.stopNode(0);
      Deadline.await("the stream on A to end with its node", WAIT, () -> !onA.isOpen());
    }
    Nodes.published(b, topic, "u3");
    Nodes.published(b, topic, "u4");

    a = cluster.restartNode(0);
    try (SseClient onRestarted = Nodes.subscribe(a, topic, Map.of("Last-Event-ID", lastSeen));
         SseClient freshOnRestarted = Nodes.subscribe(a, topic)) {
      assertThat(onRestarted.nextData(2, WAIT)).containsExactly("u3", "u4");
      Nodes.published(b, topic, "u5");
      assertThat(onRestarted.nextEvent(WAIT).data()).isEqualTo("u5");
      assertThat(freshOnRestarted.nextEvent(WAIT).data())
          .as("a subscriber without Last-Event-ID starts live").isEqualTo("u5");
    }
  }
}
