package example;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One of the examples run in its own JVM, its output read line by line. */
final class Child implements AutoCloseable {
  private final String name;
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private Child(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("(output unreadable: " + e + ")");
      }
    }, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  static Child start(Class<?> main, Map<String, String> env, Path workDir, String... args)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp",
        System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .directory(workDir.toFile());
    builder.environment().putAll(env);
    return new Child(main.getSimpleName(), builder.start());
  }

  /** The next output line starting with {@code prefix} (others are echoed), waiting up to 60 s. */
  String lineStartingWith(String prefix) throws InterruptedException {
    while (true) {
      String line = lines.poll(60, TimeUnit.SECONDS);
      ConsumerCheck.check(line != null, name + " printed no line starting with '" + prefix + "' in 60 s");
      System.out.println(name + ": " + line);
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int exitCode() throws InterruptedException {
    ConsumerCheck.check(process.waitFor(60, TimeUnit.SECONDS), name + " did not exit within 60 s");
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Stops it as Ctrl+C would (SIGTERM runs the shutdown hooks) and returns the exit code. */
  int interrupt() throws InterruptedException {
    process.destroy();
    ConsumerCheck.check(process.waitFor(60, TimeUnit.SECONDS), name + " did not stop within 60 s");
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
