package dev.sluice.cli;

import dev.sluice.demo.Demo;
import dev.sluice.demo.DemoOptions;
import dev.sluice.server.SseServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice demo}: serves every classic SSE scenario with its browser pages until stopped. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Serves the demo alone: every classic SSE tutorial endpoint (/sse/basic, /sse/reconnect, "
            + "/api/sse-stream, /v1/chat/completions...) and browser pages at /demo/. See docs/demo.md.",
        "",
        "Runs until interrupted (Ctrl+C), then stops gracefully: open streams get a retry: hint "
            + "and are closed. Exit codes: 1 cannot listen (port taken); 2 bad usage; Ctrl+C ends it "
            + "with the shell's usual 130."},
    sortOptions = false)
final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = {"-p", "--port"}, paramLabel = "N", defaultValue = "8080",
      description = "The TCP port (0 picks a free one). Default ${DEFAULT-VALUE}.")
  private int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = SseServer.DEFAULT_BIND_ADDRESS,
      description = "The address to listen on. Default ${DEFAULT-VALUE} (loopback); 0.0.0.0 for every interface.")
  private String bind;

  /** Completes with the running server; for tests, which then stop it with {@link #stop}. */
  final CompletableFuture<SseServer> started = new CompletableFuture<>();
  /** Counted down by Ctrl+C (the shutdown hook) or a test. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535: " + port);
    }
    SseServer server = Demo.standaloneBuilder(port, DemoOptions.defaults()).bindAddress(bind).build();
    try {
      server.start();
    } catch (Exception e) { // Netty may report a taken port as an undeclared IOException.
      // The server's message already says "cannot listen on <address>:<port>: <why>".
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + Errors.describe(e)
          + " (choose another --port, or a --bind address of this machine)");
      return SluiceCommand.ExitCodes.FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      awaitQuietly(stopped); // Let the server close its streams before the JVM goes.
    }, "sluice-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      spec.commandLine().getOut().println("Sluice demo on http://localhost:" + server.port() + Demo.PAGES_PATH
          + " (Ctrl+C stops)");
      started.complete(server);
      stop.await();
    } finally {
      server.close();
      stopped.countDown();
      removeHook(hook);
    }
    return SluiceCommand.ExitCodes.OK;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is running, which is why we are here.
    }
  }
}
