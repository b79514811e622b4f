package dev.sluice.bench.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A loopback HTTP/1.1 server that answers every connection with one {@code text/event-stream} of
 * a fixed number of pre-encoded events, written as fast as the socket takes them, then closes. It
 * does no work per event, so the benchmark measures the client.
 */
final class LoopbackStreamServer implements AutoCloseable {
  private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Cache-Control: no-cache\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket serverSocket;
  private final byte[] block;
  private final long blocksPerStream;

  /** Each stream is {@code blocksPerStream} copies of {@code block}, a whole number of events. */
  LoopbackStreamServer(byte[] block, long blocksPerStream) throws IOException {
    this.block = block;
    this.blocksPerStream = blocksPerStream;
    this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "bench-stream-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + "/stream");
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket socket = serverSocket.accept();
        Thread writer = new Thread(() -> serve(socket), "bench-stream-writer");
        writer.setDaemon(true);
        writer.start();
      }
    } catch (IOException closed) {
      // Benchmark over.
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSendBufferSize(1 << 20);
      InputStream in = socket.getInputStream();
      int matched = 0;
      while (matched < 4) { // Skip the request head; the client sends no body.
        int b = in.read();
        if (b < 0) return;
        matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      OutputStream out = socket.getOutputStream();
      out.write(HEAD);
      for (long i = 0; i < blocksPerStream; i++) out.write(block);
      out.flush();
    } catch (IOException e) {
      // The client went away; the benchmark notices the missing events.
    }
  }
}
