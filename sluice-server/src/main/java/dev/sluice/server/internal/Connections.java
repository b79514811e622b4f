package dev.sluice.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's open connections, for the connection count and for shutdown.
 *
 * <p>Leaner than Netty's {@code DefaultChannelGroup} for the one job it has here: a connection costs
 * one set entry and one <em>shared</em> close listener, where a channel group plus a separate counting
 * listener cost each connection a listener list, its array and a lambda besides (about 64 bytes of
 * the per-stream heap that the hub's budget counts).
 *
 * <p>Thread-safe.
 */
final class Connections {
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private final ServerCounters counters;
  private final ChannelFutureListener onClose;

  Connections(ServerCounters counters) {
    this.counters = counters;
    this.onClose = future -> {
      open.remove(future.channel());
      counters.connections.decrementAndGet();
    };
  }

  /** Counts and tracks a new connection; returns the number open, this one included. */
  long add(Channel channel) {
    long count = counters.connections.incrementAndGet();
    open.add(channel);
    channel.closeFuture().addListener(onClose);
    return count;
  }

  int size() {
    return open.size();
  }

  /** A copy of the open connections. */
  List<Channel> snapshot() {
    return List.copyOf(open);
  }

  /**
   * Waits until every connection has closed or the deadline ({@link System#nanoTime()}) passes.
   * Asks each close future, not the set: waiters wake before the listener that removes the channel
   * runs, so the set may still hold channels that are already closed.
   */
  boolean awaitClosed(long deadline) {
    for (Channel channel : snapshot()) {
      long remaining = Math.max(0, deadline - System.nanoTime());
      if (!channel.closeFuture().awaitUninterruptibly(remaining, TimeUnit.NANOSECONDS)) return false;
    }
    return true;
  }

  /** Closes every connection, waiting until the deadline at most. */
  void closeAll(long deadline) {
    for (Channel channel : snapshot()) channel.close();
    awaitClosed(deadline);
  }
}
