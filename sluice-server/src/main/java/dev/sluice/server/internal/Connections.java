package dev.sluice.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's open connections: admits each new one against the connection limits, and keeps the
 * set for shutdown.
 *
 * <h3>Limits, checked at accept time</h3>
 * A connection past {@code maxConnections} (see {@link ConnectionLimits}), or past {@code
 * maxPerAddress} from one source address, is closed as soon as it is accepted, before a byte of it
 * is read: one that waited for its first request to be refused could be held open silently. Loopback
 * peers are not counted per address unless {@code limitLoopback}: on one machine they are the
 * operator's own reverse proxy or load generator, which carry everyone's connections.
 *
 * <p>Leaner than Netty's {@code DefaultChannelGroup} for the one job it has here: a connection costs
 * one set entry and one <em>shared</em> close listener, where a channel group plus a separate counting
 * listener cost each connection a listener list, its array and a lambda besides (about 64 bytes of
 * the per-stream heap that the hub's budget counts). Counts per address live in a map entry per
 * address, not per connection.
 *
 * <p>Thread-safe.
 */
final class Connections {
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  private final ServerCounters counters;
  private final int max;
  private final int maxPerAddress;
  private final boolean limitLoopback;
  private final ChannelFutureListener onClose;

  Connections(ServerCounters counters, int max, int maxPerAddress, boolean limitLoopback) {
    this.counters = counters;
    this.max = max;
    this.maxPerAddress = maxPerAddress;
    this.limitLoopback = limitLoopback;
    this.onClose = future -> {
      Channel channel = future.channel();
      open.remove(channel);
      counters.connections.decrementAndGet();
      InetAddress address = countedAddress(channel);
      if (address != null) perAddress.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
    };
  }

  /**
   * Counts and tracks a new connection if the limits allow it; false (nothing counted) if it must
   * be refused.
   */
  boolean tryAdd(Channel channel) {
    long count;
    do {
      count = counters.connections.get();
      if (count >= max) return false;
    } while (!counters.connections.compareAndSet(count, count + 1));
    InetAddress address = countedAddress(channel);
    if (address != null) {
      boolean[] admitted = {false};
      perAddress.compute(address, (key, n) -> {
        int now = n == null ? 0 : n;
        if (now >= maxPerAddress) return n;
        admitted[0] = true;
        return now + 1;
      });
      if (!admitted[0]) {
        counters.connections.decrementAndGet();
        return false;
      }
    }
    open.add(channel);
    channel.closeFuture().addListener(onClose);
    return true;
  }

  /** The address {@code channel} counts against, or null if it is not counted per address. */
  private InetAddress countedAddress(Channel channel) {
    SocketAddress remote = channel.remoteAddress(); // Cached by the channel once read.
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) return null;
    InetAddress address = inet.getAddress();
    return !limitLoopback && address.isLoopbackAddress() ? null : address;
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
