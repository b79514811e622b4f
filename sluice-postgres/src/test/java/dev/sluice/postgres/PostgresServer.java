package dev.sluice.postgres;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of the test's own: {@code initdb} in a temporary directory, then
 * {@code pg_ctl} on a free loopback port (never 5432, where the machine's own cluster may run),
 * with its unix socket in the same directory. Password authentication (SCRAM) for user
 * {@value #USER}, so the transport's credentials path is the one tested.
 *
 * <p>{@code initdb} and {@code pg_ctl} refuse to run as root; when the tests run as root they run
 * them as the {@code postgres} user ({@code runuser}) in a directory that user owns. The binaries
 * are found with {@code pg_config --bindir}, else the newest {@code /usr/lib/postgresql/N/bin}.
 * Shared with other modules' tests through this module's test-jar (the Spring sample's
 * transactional publishing test). A {@link #stop()} and {@link #start()} keep the data directory, as a restarted production
 * server would. A JVM shutdown hook stops a server a crashed test left running.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "sluice";
  public static final String PASSWORD = "sluice-test-password";
  public static final String DATABASE = "postgres";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private final boolean durable;
  private final Thread shutdownHook;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser, boolean durable) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
    this.durable = durable;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-test-server-stop");
  }

  /** Creates and starts a fresh server; skips the calling test when PostgreSQL is not installed. */
  public static PostgresServer startFresh() throws Exception {
    return startFresh(false);
  }

  /**
   * As {@link #startFresh()}; {@code durable} keeps PostgreSQL's defaults (fsync on, for
   * measurements), otherwise fsync is off (tests: a fast shutdown still keeps every commit).
   */
  public static PostgresServer startFresh(boolean durable) throws Exception {
    Optional<Path> bin = binaries();
    assumeThat(bin).as("PostgreSQL server binaries (initdb, pg_ctl) are not installed "
        + "(CI installs them; apt-get install postgresql)").isPresent();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("sluice-pg-it");
    if (root) {
      UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    PostgresServer server = new PostgresServer(bin.get(), dir, freePort(), root, durable);
    server.initdb();
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    server.start();
    return server;
  }

  public int port() {
    return port;
  }

  /** The transport URI, with the password in it. */
  public URI uri() {
    return URI.create("postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + DATABASE);
  }

  /** The transport URI without credentials (they come from elsewhere). */
  public URI uriWithoutPassword() {
    return URI.create("postgresql://" + USER + "@127.0.0.1:" + port + "/" + DATABASE);
  }

  /** A plain JDBC connection as the test's superuser, for tests that act as an application. */
  public Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("password", PASSWORD);
    return new org.postgresql.Driver().connect(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, p);
  }

  public void start() throws Exception {
    run(TIMEOUT, bin.resolve("pg_ctl").toString(), "start", "-w", "-t", "60",
        "-D", data().toString(), "-l", dir.resolve("server.log").toString(),
        "-o", "-p " + port + " -h 127.0.0.1 -k " + dir
            + (durable ? "" : " -c fsync=off -c full_page_writes=off"));
  }

  /** Stops the server (fast shutdown: connections are cut, data is kept) and waits for it. */
  public void stop() throws Exception {
    run(TIMEOUT, bin.resolve("pg_ctl").toString(), "stop", "-w", "-t", "60", "-m", "fast",
        "-D", data().toString());
  }

  private void initdb() throws Exception {
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
    if (asPostgresUser) {
      Files.setOwner(pwfile, dir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres"));
    }
    run(TIMEOUT, bin.resolve("initdb").toString(), "-D", data().toString(), "-U", USER,
        "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void run(Duration timeout, String... command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    Path out = Files.createTempFile("sluice-pg-cmd", ".log");
    try {
      Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue()
            + ": " + Files.readString(out) + serverLog());
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private String serverLog() {
    try {
      Path log = dir.resolve("server.log");
      return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private void stopQuietly() {
    try {
      if (Files.exists(data().resolve("postmaster.pid"))) {
        stop();
      }
    } catch (Exception ignored) {
      // Best effort at JVM exit.
    }
  }

  @Override
  public void close() throws IOException {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException ignored) {
      // Already shutting down.
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** {@code pg_config --bindir} when it has initdb, else the newest /usr/lib/postgresql/N/bin. */
  static Optional<Path> binaries() {
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && hasServer(Path.of(out))) {
        return Optional.of(Path.of(out));
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // No pg_config: look in Debian's place.
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(lib)) {
      return versions.map(v -> v.resolve("bin")).filter(PostgresServer::hasServer)
          .max(Comparator.comparingInt(PostgresServer::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean hasServer(Path bin) {
    return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (socket.getLocalPort() != 5432) {
          return socket.getLocalPort();
        }
      }
    }
    throw new IOException("no free port");
  }
}
