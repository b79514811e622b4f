package dev.sluice.server.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/**
 * How many connections a server accepts: the configured {@code maxConnections}, but never so many
 * that the process runs out of file descriptors. Past the descriptor limit {@code accept} fails
 * with {@code EMFILE}, and then nothing can be served, health checks included, and the store, the
 * log and the JDK cannot open files either; so {@link #HEADROOM_FRACTION} of the limit (at least
 * {@link #MIN_HEADROOM} descriptors) stays free for them, and for the moment between accepting a
 * connection past the limit and closing it.
 */
final class ConnectionLimits {
  /** Fraction of the descriptor limit kept free of connections. */
  static final double HEADROOM_FRACTION = 0.10;
  /** Fewest descriptors kept free: jars, the event loops' epoll descriptors and pipes, store files. */
  static final long MIN_HEADROOM = 128;

  private ConnectionLimits() {}

  /**
   * {@code configured}, lowered to leave headroom below {@code fileLimit} (if known); at least 1.
   */
  static int effectiveMax(int configured, OptionalLong fileLimit) {
    if (fileLimit.isEmpty()) return configured;
    long limit = fileLimit.getAsLong();
    long headroom = Math.max(MIN_HEADROOM, (long) (limit * HEADROOM_FRACTION));
    long room = Math.max(1, limit - headroom);
    return (int) Math.min(configured, room);
  }

  /** The process's open-file limit ({@code RLIMIT_NOFILE}), where the JDK can tell (Unix). */
  static OptionalLong fileDescriptorLimit() {
    try {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
        long max = unix.getMaxFileDescriptorCount();
        if (max > 0) return OptionalLong.of(max);
      }
    } catch (RuntimeException | LinkageError e) {
      // No management support in this runtime: keep the configured limit.
    }
    return OptionalLong.empty();
  }
}
