package dev.sluice.demo;

import dev.sluice.server.SseServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The demo on a real loopback server (port 0) at a hundredth of real time, with a fixed clock so
 * timestamps on the wire are known, and the server's own idle heartbeats off so only the demo
 * writes. Register it as {@code @RegisterExtension static final DemoServer demo = new DemoServer();}
 * to share one server across a test class, or use {@link #started()} in a try-with-resources.
 */
final class DemoServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  static final Instant NOW = Instant.parse("2025-01-31T12:00:00.250Z");
  static final DemoOptions FAST = DemoOptions.builder()
      .timeScale(0.01)
      .clock(Clock.fixed(NOW, ZoneOffset.UTC))
      .build();

  final SseServer server;
  int port; // Set by start().

  DemoServer() {
    this(FAST);
  }

  DemoServer(DemoOptions options) {
    server = Demo.mount(SseServer.builder().bindAddress("127.0.0.1").port(0).heartbeat(Duration.ZERO), options)
        .build();
  }

  /** A server already started; the caller closes it. */
  static DemoServer started() {
    return started(FAST);
  }

  /** A server with these options, already started; the caller closes it. */
  static DemoServer started(DemoOptions options) {
    DemoServer demo = new DemoServer(options);
    demo.port = demo.server.start();
    return demo;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    port = server.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Polls {@code condition} until it holds; fails after {@code timeout}. For server-side state only. */
  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      LockSupport.parkNanos(1_000_000);
    }
  }

  @Override
  public void close() {
    server.stop(Duration.ofSeconds(5));
  }
}
