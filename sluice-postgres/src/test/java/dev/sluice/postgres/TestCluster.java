package dev.sluice.postgres;

import dev.sluice.hub.Hub;
import java.util.ArrayList;
import java.util.List;

/** A test's own PostgreSQL server and {@code n} hub nodes on it; closing stops all of them. */
final class TestCluster implements AutoCloseable {
  final PostgresServer postgres;
  private final List<Hub> nodes = new ArrayList<>();

  private TestCluster(PostgresServer postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL and {@code n} nodes; skips the test when PostgreSQL is not installed. */
  static TestCluster start(int n) throws Exception {
    TestCluster cluster = new TestCluster(PostgresServer.startFresh());
    try {
      for (int i = 0; i < n; i++) {
        cluster.nodes.add(Nodes.start(cluster.postgres.uri()));
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
    Hub fresh = Nodes.start(postgres.uri());
    nodes.set(index, fresh);
    return fresh;
  }

  @Override
  public void close() throws Exception {
    nodes.forEach(Nodes::stop);
    postgres.close();
  }
}
