package dev.sluice.redis;

import dev.sluice.hub.Hub;
import java.util.ArrayList;
import java.util.List;

/** A test's own redis-server and {@code n} hub nodes on it; closing stops all of them. */
final class TestCluster implements AutoCloseable {
  final RedisServer redis;
  private final List<Hub> nodes = new ArrayList<>();

  private TestCluster(RedisServer redis) {
    this.redis = redis;
  }

  /** Starts Redis and {@code n} nodes; skips the test when redis-server is not installed. */
  static TestCluster start(int n) throws Exception {
    TestCluster cluster = new TestCluster(RedisServer.startFresh());
    try {
      for (int i = 0; i < n; i++) {
        cluster.nodes.add(Nodes.start(cluster.redis.uri()));
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  Hub node(int index) {
    return nodes.get(index);
  }

  /** Stops node {@code index} (its streams end). */
  void stopNode(int index) {
    Nodes.stop(nodes.get(index));
  }

  /** Starts a fresh node in place of node {@code index}, as a restarted process would be. */
  Hub restartNode(int index) {
    Hub fresh = Nodes.start(redis.uri());
    nodes.set(index, fresh);
    return fresh;
  }

  @Override
  public void close() throws Exception {
    nodes.forEach(Nodes::stop);
    redis.close();
  }
}
