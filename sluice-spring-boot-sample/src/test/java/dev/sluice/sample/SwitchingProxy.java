package dev.sluice.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy standing in for a load balancer: each new connection goes to the current
 * backend port. {@link #hold()} makes new connections wait (accepted, not yet forwarded) until
 * {@link #forwardTo} names the next backend, so a test can publish while the browser is between
 * instances. Bytes are copied unchanged in both directions; when either side closes, both are closed.
 */
final class SwitchingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile CompletableFuture<Integer> backend = new CompletableFuture<>();

  SwitchingProxy() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    daemon("proxy-accept", this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  /** New connections wait until {@link #forwardTo} is called. */
  void hold() {
    if (backend.isDone()) {
      backend = new CompletableFuture<>();
    }
  }

  /** New connections (and those held) go to {@code port}. */
  void forwardTo(int port) {
    CompletableFuture<Integer> current = backend;
    if (!current.complete(port)) {
      backend = CompletableFuture.completedFuture(port);
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // Closed.
      }
      sockets.add(client);
      CompletableFuture<Integer> target = backend;
      daemon("proxy-connect", () -> connect(client, target));
    }
  }

  private void connect(Socket client, CompletableFuture<Integer> target) {
    try {
      int port = target.get(60, TimeUnit.SECONDS);
      Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port);
      sockets.add(upstream);
      daemon("proxy-up", () -> pump(client, upstream));
      pump(upstream, client);
    } catch (Exception e) {
      closeQuietly(client);
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side went away; close both below.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(this::closeQuietly);
  }
}
