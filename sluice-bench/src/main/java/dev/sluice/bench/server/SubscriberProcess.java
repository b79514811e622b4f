package dev.sluice.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** A forked {@link LoopbackSubscribers} JVM and the running totals it reports. */
final class SubscriberProcess implements AutoCloseable {
  private final Process process;
  private final PrintStream commands;
  private final BlockingQueue<String> replies = new ArrayBlockingQueue<>(16);
  private volatile long events;
  private volatile long errors;

  private SubscriberProcess(Process process) {
    this.process = process;
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
    Thread reader = new Thread(this::readReports, "subscriber-reports");
    reader.setDaemon(true);
    reader.start();
  }

  /** Forks a JVM with this one's class path that opens {@code connections} streams to {@code port}. */
  static SubscriberProcess start(int port, String path, int connections, int threads) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC",
        "-cp", System.getProperty("java.class.path"), LoopbackSubscribers.class.getName(),
        Integer.toString(port), path, Integer.toString(connections), Integer.toString(threads)));
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    return new SubscriberProcess(builder.start());
  }

  private void readReports() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("R ")) {
          int space = line.indexOf(' ', 2);
          errors = Long.parseLong(line.substring(space + 1));
          events = Long.parseLong(line.substring(2, space));
        } else {
          replies.add(line);
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  /** Waits for the {@code OPENED} line: "OPENED opened errors firstError". */
  String awaitOpened(Duration timeout) throws InterruptedException {
    return reply("OPENED", timeout);
  }

  /** How many connections did not receive exactly events 0..n-1: "CHECKED bad errors firstError". */
  String check(long n) throws InterruptedException {
    commands.println("CHECK " + n);
    return reply("CHECKED", Duration.ofSeconds(30));
  }

  private String reply(String prefix, Duration timeout) throws InterruptedException {
    String line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null || !line.startsWith(prefix)) throw new IllegalStateException("expected " + prefix + ", got " + line);
    return line;
  }

  long events() {
    return events;
  }

  long errors() {
    return errors;
  }

  /** CPU time the subscriber process has used so far. */
  Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  @Override
  public void close() {
    commands.println("EXIT");
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly(); // Do not leave the JVM behind; the caller learns of the interrupt.
      Thread.currentThread().interrupt();
    }
  }
}
