package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} as a user runs it: the packaged {@code target/sluice.jar} in its own JVM,
 * stopped the way Ctrl+C or {@code systemctl stop} stops it (SIGTERM).
 */
class ServeProcessIT {
  private static final Path JAR = Path.of("target", "sluice.jar");

  @TempDir Path dir;

  @Test
  void theLogSaysTheHubStoppedAfterSigterm() throws Exception {
    Process serve = start("serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.resolve("data").toString());
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(serve));
    try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine(); // Blocks until the hub listens (or the process ends: null).
      assertThat(first).as("first line of stdout").startsWith("Sluice hub listening on http://127.0.0.1:");
      serve.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the pipes we read.
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      if (serve.isAlive()) {
        serve.destroyForcibly();
      }
    }
    String log = stderr.get(60, TimeUnit.SECONDS);
    assertThat(log).contains("event=hub_started", "event=store_closed", "event=hub_stopped");
  }

  @Test
  void aCorruptStoreIsOneLineInWordsAndExitCodeOne() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.write(data.resolve("updates.mv.db"), "H:2,block:1,not really a store".getBytes(StandardCharsets.US_ASCII));
    Process serve = start("serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", data.toString());
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(serve));
    assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(serve.exitValue()).isEqualTo(1);
    List<String> errors = stderr.get(60, TimeUnit.SECONDS).lines()
        .filter(line -> line.startsWith("sluice serve:")).toList();
    assertThat(errors).containsExactly("sluice serve: cannot start: the store " + data.resolve("updates.mv.db")
        + " is unreadable: corrupt, cut short or not a Sluice store. Restore it from a backup, or move it aside "
        + "to start with empty history");
  }

  private static Process start(String... args) throws IOException {
    assertThat(JAR).as("the packaged CLI (mvn package builds it before the ITs)").exists();
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SLUICE_")); // Only the flags count.
    return builder.start();
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
