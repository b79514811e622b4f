package dev.sluice.llm;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway {@code redis-server} for one test class: loopback, a free port (never 6379), a temp
 * directory, no persistence. Ready when it answers {@code PING}, polled against a deadline.
 */
final class LocalRedis implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final Path dir;
  private final Process process;

  private LocalRedis(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  /** Starts one; skips the calling test when redis-server is not installed. */
  static LocalRedis start() throws Exception {
    boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(p -> Files.isExecutable(Path.of(p, "redis-server")));
    assumeThat(installed).as("redis-server is not installed (apt-get install redis-server)").isTrue();
    int port = freePort();
    Path dir = Files.createTempDirectory("sluice-llm-redis");
    Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    LocalRedis redis = new LocalRedis(port, dir, process);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!redis.ping()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        redis.close();
        throw new IllegalStateException("redis-server did not start; see " + dir.resolve("redis.log"));
      }
      process.waitFor(20, TimeUnit.MILLISECONDS); // Poll interval, bounded by the deadline.
    }
    return redis;
  }

  URI uri() {
    return URI.create("redis://127.0.0.1:" + port + "/0");
  }

  private boolean ping() {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(2000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(5);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static int freePort() throws IOException {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (socket.getLocalPort() != 6379) return socket.getLocalPort();
      }
    }
    throw new IOException("no free port");
  }
}
