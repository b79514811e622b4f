package dev.sluice.hub.testing;

import dev.sluice.hub.Hub;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A test's own transport server (redis-server, PostgreSQL) and {@code n} hub nodes on it; closing
 * stops all of them. Shared by the transports' cluster tests so each says only how its server starts.
 *
 * @param <S> the test's server, closed last
 */
public final class NodeCluster<S extends AutoCloseable> implements AutoCloseable {
  private final S server;
  private final Function<S, URI> transport; // Asked again at each start: a restarted server may move.
  private final List<Hub> nodes = new ArrayList<>();

  private NodeCluster(S server, Function<S, URI> transport) {
    this.server = server;
    this.transport = transport;
  }

  /** Starts {@code n} nodes on {@code server}'s transport URI; stops everything if one fails. */
  public static <S extends AutoCloseable> NodeCluster<S> start(S server, Function<S, URI> transport, int n)
      throws Exception {
    NodeCluster<S> cluster = new NodeCluster<>(server, Objects.requireNonNull(transport, "transport"));
    try {
      for (int i = 0; i < n; i++) {
        cluster.nodes.add(Nodes.start(transport.apply(server)));
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The transport server the nodes share. */
  public S server() {
    return server;
  }

  public Hub node(int index) {
    return nodes.get(index);
  }

  /** Stops node {@code index} (its streams end). */
  public void stopNode(int index) {
    Nodes.stop(nodes.get(index));
  }

  /** Starts a fresh node in place of node {@code index}, as a restarted process would be. */
  public Hub restartNode(int index) {
    Hub fresh = Nodes.start(transport.apply(server));
    nodes.set(index, fresh);
    return fresh;
  }

  @Override
  public void close() throws Exception {
    nodes.forEach(Nodes::stop);
    server.close();
  }
}
