package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve}'s defaults, run as a user runs it: the packaged {@code target/sluice.jar}
 * in its own process, reached over real sockets (issue 14, "Unsafe defaults").
 */
class ServeDefaultsIT {
  private static final String SECRET = "serve-defaults-test-secret-of-at-least-32-bytes";
  private static final Duration START = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[^/]+)/");
  private static final Pattern TOKEN = Pattern.compile("export PUBLISHER_TOKEN='([^']+)'");
  private static final Pattern MANAGEMENT = Pattern.compile("metrics: +(http://[^/ ]+)/metrics \\(management");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Process> started = new ArrayList<>();

  /** A running {@code sluice serve}: its banner so far and its base URL. */
  private record Served(Process process, List<String> banner, String base) {
    String line(Pattern pattern) {
      for (String line : banner) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m.group(1);
        }
      }
      throw new AssertionError("no " + pattern + " in the banner: " + banner);
    }
  }

  @AfterEach
  void stopProcesses() throws InterruptedException {
    for (Process p : started) {
      p.destroy();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        Path.of("target", "sluice.jar").toAbsolutePath().toString(), "serve", "--port", "0"));
    Collections.addAll(command, args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SLUICE_"));
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /** Starts and reads the banner up to its last line (the {@code ./sluice publish} line, or the store line). */
  private Served serve(String... args) throws Exception {
    Process process = start(args);
    boolean devKey = !List.of(args).contains("--jwt-key"); // Then the banner ends with the "./sluice publish" line.
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // The process ended.
      }
      lines.add("<eof>");
    }, "serve-stdout");
    reader.setDaemon(true);
    reader.start();
    List<String> banner = new ArrayList<>();
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(line).as("banner line before the deadline; so far %s", banner).isNotNull();
      assertThat(line).as("process ended: %s", banner).isNotEqualTo("<eof>");
      banner.add(line);
      if (devKey ? line.contains("./sluice publish") : line.startsWith("  store:")) {
        break;
      }
    }
    Matcher m = LISTENING.matcher(banner.get(0));
    assertThat(m.find()).as(banner.get(0)).isTrue();
    return new Served(process, banner, m.group(1).replace("localhost", "127.0.0.1"));
  }

  /** Runs to its end; the exit code and what it printed on stderr. */
  private record Exited(int code, String stderr) {}

  private Exited exit(String... args) throws Exception {
    Process process = start(args);
    process.getOutputStream().close();
    assertThat(process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("exits by itself").isTrue();
    return new Exited(process.exitValue(),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> publish(String base, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/mercure"))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("topic=https://example.com/t&data=hi")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void onLoopbackWithoutAKeyItIsDevelopmentModeWithTheDemoAndAKeptKey() throws Exception {
    Served first = serve();
    assertThat(String.join("\n", first.banner())).contains("DEVELOPMENT key", "/demo/");
    assertThat(get(first.base() + "/demo/").statusCode()).isEqualTo(200);
    Path keyFile = dir.resolve("sluice-data").resolve(DevelopmentKeyFile.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    String token = first.line(TOKEN);
    assertThat(publish(first.base(), token).statusCode()).isEqualTo(200);

    first.process().destroy();
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    Served second = serve();
    assertThat(publish(second.base(), token).statusCode())
        .as("the token printed before the restart").isEqualTo(200);
  }

  @Test
  void withAKeyThereIsNoDemoUnlessAskedFor() throws Exception {
    Served served = serve("--jwt-key", SECRET, "--issuer", "https://app.sluice.test", "--store", "memory");
    assertThat(String.join("\n", served.banner())).contains("demos: off").doesNotContain("/demo/");
    assertThat(get(served.base() + "/sse/clock").statusCode()).isEqualTo(404);
    assertThat(get(served.base() + "/demo/").statusCode()).isEqualTo(404);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(served.base() + "/api/send-message"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hi\"}")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

    Served asked = serve("--jwt-key", SECRET, "--issuer", "https://app.sluice.test", "--store", "memory", "--demo");
    assertThat(get(asked.base() + "/demo/").statusCode()).isEqualTo(200);
  }

  @Test
  void withoutAKeyANonLoopbackBindIsRefusedOnOneLine() throws Exception {
    Exited exited = exit("--bind", "0.0.0.0", "--store", "memory");
    assertThat(exited.code()).isEqualTo(2);
    assertThat(exited.stderr()).hasLineCount(1).contains("--jwt-key", "--insecure-dev-mode");
  }

  @Test
  void insecureDevModeNeverHandsTokensToAClientOffThisMachine() throws Exception {
    Served served = serve("--bind", "0.0.0.0", "--store", "memory", "--insecure-dev-mode");
    assertThat(String.join("\n", served.banner())).contains("WARNING --insecure-dev-mode")
        .contains("demos: off");
    assertThat(get(served.base() + "/ui/config").body()).contains("publisherToken");
    assertThat(get(served.base() + "/ui/config", "X-Forwarded-For", "203.0.113.9").body())
        .as("through a proxy on this machine").isEqualTo("{}");
    Optional<InetAddress> lan = nonLoopbackAddress();
    assumeThat(lan).as("a non-loopback interface to connect through").isPresent();
    String port = served.base().substring(served.base().lastIndexOf(':') + 1);
    assertThat(get("http://" + lan.get().getHostAddress() + ":" + port + "/ui/config").body())
        .isEqualTo("{}");
  }

  @Test
  void metricsStayOffAPublicPortAndAreServedOnTheManagementPort() throws Exception {
    Served served = serve("--jwt-key", SECRET, "--issuer", "https://app.sluice.test", "--store", "memory", "--bind", "0.0.0.0");
    assertThat(get(served.base() + "/metrics").statusCode()).isEqualTo(404);
    assertThat(get(served.base() + "/ui/stats").statusCode()).isEqualTo(404);
    assertThat(get(served.base() + "/healthz").statusCode()).isEqualTo(200);

    Served managed = serve("--jwt-key", SECRET, "--issuer", "https://app.sluice.test", "--store", "memory", "--bind", "0.0.0.0",
        "--management-port", "0");
    String management = managed.line(MANAGEMENT);
    assertThat(management).startsWith("http://127.0.0.1:");
    assertThat(get(managed.base() + "/metrics").statusCode()).isEqualTo(404);
    HttpResponse<String> metrics = get(management + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("sluice_");
    assertThat(get(management + "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void anUnusableDataDirectoryStopsTheStartWithExitOneAndOneLine() throws Exception {
    Files.writeString(dir.resolve("a-file"), "not a directory");
    Exited file = exit("--jwt-key", SECRET, "--issuer", "https://app.sluice.test", "--data-dir", "a-file");
    assertThat(file.code()).isEqualTo(1);
    assertThat(file.stderr()).hasLineCount(1).contains("a-file");

    Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
    Files.writeString(corrupt.resolve("updates.mv.db"), "not an MVStore file\n".repeat(500));
    Exited broken = exit("--jwt-key", SECRET, "--issuer", "https://app.sluice.test", "--data-dir", "corrupt");
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.stderr()).hasLineCount(1).contains("is unreadable");
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return Optional.of(address);
          }
        }
      }
    }
    return Optional.empty();
  }
}
