package dev.sluice.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Exact HTTP/1.1 bytes over a socket, for tests of what a library client would never send. */
final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  /** Sends {@code request} and reads one response (by Content-Length, or to the end of the connection). */
  Reply exchange(String request) throws IOException {
    send(request);
    return read();
  }

  void send(String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(ISO_8859_1));
    socket.getOutputStream().flush();
  }

  Reply read() throws IOException {
    String statusLine = SseClient.readLine(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = SseClient.readLine(in); !line.isEmpty(); line = SseClient.readLine(in)) {
      int colon = line.indexOf(':');
      headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    byte[] body;
    if (status == 204 || status == 304) {
      body = new byte[0];
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Reply(status, headers, new String(body, UTF_8));
  }

  /** Whether the server closed the connection (reads end of stream). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (java.net.SocketException e) {
      return true; // Reset: closed too.
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  record Reply(int status, Map<String, String> headers, String body) {}
}
