package dev.sluice.redis;

import dev.sluice.hub.testing.NodeCluster;
import dev.sluice.hub.testing.Nodes;
import dev.sluice.server.testing.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.hub.Hub;
import dev.sluice.server.testing.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three hub nodes on one Redis act as one hub. */
@ExtendWith(LeakCheck.class)
class ClusterIT {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static NodeCluster<RedisServer> cluster;
  private static Hub a;
  private static Hub b;
  private static Hub c;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = NodeCluster.start(RedisServer.startFresh(), RedisServer::uri, 3);
    a = cluster.node(0);
    b = cluster.node(1);
    c = cluster.node(2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void updatePublishedOnOneNodeReachesSubscribersOfAnother() throws Exception {
    try (SseClient onB = Nodes.subscribe(b, "/cluster/a-to-b")) {
      String id = Nodes.published(a, "/cluster/a-to-b", "hello from A");

      ServerSentEvent event = onB.nextEvent(WAIT);
      assertThat(event.data()).isEqualTo("hello from A");
      assertThat(event.id()).contains(id);
    }
  }

  @Test
  void reconnectingToAnotherNodeWithLastEventIdReceivesExactlyTheMissedUpdatesInOrder()
      throws Exception {
    String topic = "/cluster/resume";
    String lastSeen;
    try (SseClient onA = Nodes.subscribe(a, topic)) {
      Nodes.published(b, topic, "seen-1");
      Nodes.published(b, topic, "seen-2");
      assertThat(onA.nextEvent(WAIT).data()).isEqualTo("seen-1");
      ServerSentEvent second = onA.nextEvent(WAIT);
      assertThat(second.data()).isEqualTo("seen-2");
      lastSeen = second.id().orElseThrow();
    }
    List<String> missed = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      missed.add("missed-" + i);
      Nodes.published(b, topic, "missed-" + i);
    }

    try (SseClient onC = Nodes.subscribe(c, topic, Map.of("Last-Event-ID", lastSeen))) {
      assertThat(onC.header("Mercure-Last-Event-ID").orElse(null)).isEqualTo(lastSeen);
      assertThat(onC.nextData(5, WAIT)).containsExactlyElementsOf(missed);
      Nodes.published(a, topic, "live-after-resume");
      assertThat(onC.nextEvent(WAIT).data()).as("next after the missed ones: no duplicate in between")
          .isEqualTo("live-after-resume");
    }
  }

  @Test
  void updatesPublishedConcurrentlyThroughDifferentNodesArriveInTheSameOrderEverywhere()
      throws Exception {
    String topic = "/cluster/order";
    int perNode = 40;
    try (SseClient onA = Nodes.subscribe(a, topic);
         SseClient onB = Nodes.subscribe(b, topic);
         SseClient onC = Nodes.subscribe(c, topic)) {
      ExecutorService publishers = Executors.newFixedThreadPool(3);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (Hub node : new Hub[] {a, b, c}) {
          done.add(publishers.submit(() -> {
            for (int i = 0; i < perNode; i++) {
              Nodes.published(node, topic, node.port() + "#" + i);
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        publishers.shutdownNow();
      }
      List<String> seenOnA = onA.nextData(3 * perNode, WAIT);
      assertThat(onB.nextData(3 * perNode, WAIT)).containsExactlyElementsOf(seenOnA);
      assertThat(onC.nextData(3 * perNode, WAIT)).containsExactlyElementsOf(seenOnA);
      for (Hub node : new Hub[] {a, b, c}) {
        List<String> fromNode = seenOnA.stream().filter(d -> d.startsWith(node.port() + "#")).toList();
        assertThat(fromNode).as("each publisher's own order is kept").hasSize(perNode)
            .isSortedAccordingTo((x, y) -> Integer.compare(seq(x), seq(y)));
      }
    }
  }

  @Test
  void aPublisherRetryingThroughAnotherNodeIsAcknowledgedAndDeliveredOnce() throws Exception {
    String topic = "/cluster/retry";
    try (SseClient onC = Nodes.subscribe(c, topic)) {
      assertThat(Nodes.publishWithId(a, topic, "retry-1", "paid").body()).isEqualTo("retry-1");
      var retried = Nodes.publishWithId(b, topic, "retry-1", "paid");
      assertThat(retried.statusCode()).isEqualTo(200);
      assertThat(retried.body()).isEqualTo("retry-1");
      var reused = Nodes.publishWithId(b, topic, "retry-1", "refunded");
      assertThat(reused.statusCode()).as("other content under the id").isEqualTo(409);
      Nodes.published(a, topic, "after");

      assertThat(onC.nextEvent(WAIT).data()).isEqualTo("paid");
      assertThat(onC.nextEvent(WAIT).data()).as("neither the retry nor the reuse").isEqualTo("after");
    }
  }

  private static int seq(String data) {
    return Integer.parseInt(data.substring(data.indexOf('#') + 1));
  }
}
