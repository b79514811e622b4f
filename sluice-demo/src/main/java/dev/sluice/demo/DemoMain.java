package dev.sluice.demo;

import dev.sluice.server.SseServer;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the demo alone: {@code java -cp ... dev.sluice.demo.DemoMain [--port N] [--bind ADDRESS]}.
 * Prints the pages' address, serves until interrupted, then stops gracefully. Bad arguments print
 * one line to stderr and exit with status 2.
 */
public final class DemoMain {
  public static final int DEFAULT_PORT = 8080;

  private DemoMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = DEFAULT_PORT;
    String bind = SseServer.DEFAULT_BIND_ADDRESS;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("--port") || arg.equals("--bind")) && i + 1 >= args.length) {
        usage(arg + " needs a value");
      } else if (arg.equals("--port")) {
        port = parsePort(args[++i]);
      } else if (arg.equals("--bind")) {
        bind = args[++i];
      } else if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println("usage: sluice demo [--port N] [--bind ADDRESS]");
        return;
      } else {
        usage("unknown argument: " + arg);
      }
    }
    SseServer server = Demo.standaloneBuilder(port, DemoOptions.defaults()).bindAddress(bind).build();
    try {
      server.start();
    } catch (Exception e) { // Netty may report a taken port as an undeclared IOException.
      // The server's message already says "cannot listen on <address>:<port>: <why>".
      System.err.println("sluice demo: " + (e.getMessage() == null ? "cannot listen on " + bind + ":" + port
          : e.getMessage()));
      System.exit(1);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "sluice-demo-shutdown"));
    PrintStream out = System.out;
    out.println("Sluice demo on http://localhost:" + server.port() + Demo.PAGES_PATH + " (Ctrl+C stops)");
    stopped.await();
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) return port;
    } catch (NumberFormatException e) {
      // Answered below.
    }
    usage("--port must be 0..65535: " + value);
    return -1; // Not reached.
  }

  private static void usage(String problem) {
    System.err.println("sluice demo: " + problem + " (usage: sluice demo [--port N] [--bind ADDRESS])");
    System.exit(2);
  }
}
