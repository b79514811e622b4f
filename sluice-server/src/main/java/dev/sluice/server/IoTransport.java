package dev.sluice.server;

import java.util.Locale;

/**
 * How a server's event loops talk to the kernel's sockets: Netty's native io_uring or epoll
 * transport on Linux, or Java NIO anywhere. Chosen once, when the server is built.
 *
 * <p>{@link #AUTO} (the default) takes the first available of io_uring, epoll and NIO. io_uring needs
 * Linux 5.14 or later and may be switched off by the kernel ({@code kernel.io_uring_disabled}) or a
 * container's seccomp profile; epoll needs Linux on x86_64 (the native library shipped with the
 * server). Naming a transport that is unavailable fails the start with the reason, rather than
 * quietly running on another.
 */
public enum IoTransport {
  /** io_uring if available, else epoll, else NIO. */
  AUTO("auto"),
  /** Netty's io_uring transport: completions instead of readiness, many sends per system call. */
  IO_URING("io_uring"),
  /** Netty's native epoll transport (edge-triggered). */
  EPOLL("epoll"),
  /** Java NIO: portable, and the slowest of the three. */
  NIO("nio");

  /**
   * The system property that sets the default of {@link SseServer.Builder#ioTransport}, e.g.
   * {@code -Dsluice.server.ioTransport=epoll}: lets a deployment or a test run pick a transport
   * without code changes. A builder call wins over it.
   */
  public static final String PROPERTY = "sluice.server.ioTransport";

  private final String label;

  IoTransport(String label) {
    this.label = label;
  }

  /** The lower-case name used on command lines, in logs and as a metric tag: {@code io_uring}. */
  public String label() {
    return label;
  }

  /**
   * Parses a label ({@code auto}, {@code io_uring}, {@code epoll}, {@code nio}), case-insensitive;
   * {@code io-uring} and {@code iouring} are accepted too.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static IoTransport parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    if (value.equals("iouring")) return IO_URING;
    for (IoTransport transport : values()) {
      if (transport.label.equals(value)) return transport;
    }
    throw new IllegalArgumentException("I/O transport must be auto, io_uring, epoll or nio, not: " + text);
  }

  /** The transport named by {@link #PROPERTY}, or {@link #AUTO} if it is not set. */
  static IoTransport fromSystemProperty() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) return AUTO;
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + ": " + e.getMessage(), e);
    }
  }
}
