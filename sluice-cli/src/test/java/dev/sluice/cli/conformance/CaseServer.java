package dev.sluice.cli.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback HTTP/1.1 server for the browser conformance test. It serves the test page at {@code /}
 * and every case at {@code /s/<consumer>/<case index>/<delivery>}: the n-th request to such a path
 * gets the case's n-th connection as exact bytes written as the {@link Delivery} says, and any
 * request past the last connection gets 204 No Content, which ends an EventSource for good. Each
 * consumer has its own paths, so the requests of Chromium, the client and the CLI are recorded
 * apart, with the {@code Last-Event-ID} header exactly as its bytes arrived.
 */
final class CaseServer implements AutoCloseable {
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private final List<BrowserCase> cases;
  private final byte[] page;
  private final ServerSocket serverSocket;
  private final Map<String, List<RecordedRequest>> requests = new ConcurrentHashMap<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  /** One request to a case path: its connection number and its raw {@code Last-Event-ID} value. */
  record RecordedRequest(int connection, Optional<byte[]> lastEventId) {}

  CaseServer(List<BrowserCase> cases, byte[] page) throws IOException {
    this.cases = List.copyOf(cases);
    this.page = page.clone();
    this.serverSocket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "case-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String origin() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort();
  }

  static String path(String consumer, int caseIndex, Delivery delivery) {
    return "/s/" + consumer + "/" + caseIndex + "/" + delivery.name();
  }

  /** The requests made so far to {@code path}, in arrival order. */
  List<RecordedRequest> requests(String path) {
    List<RecordedRequest> recorded = requests.get(path);
    if (recorded == null) return List.of();
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : open) socket.close();
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket socket = serverSocket.accept();
        open.add(socket);
        Thread handler = new Thread(() -> serve(socket), "case-server-connection");
        handler.setDaemon(true);
        handler.start();
      }
    } catch (IOException closed) {
      // The test is over.
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      List<String> head = readHead(socket.getInputStream());
      if (head.isEmpty()) return; // A speculative connection that never sent a request.
      String[] requestLine = head.get(0).split(" ");
      String target = requestLine.length > 1 ? requestLine[1] : "";
      OutputStream out = socket.getOutputStream();
      if (target.equals("/")) {
        writeFixed(out, "200 OK", "text/html; charset=utf-8", page);
      } else if (target.startsWith("/s/")) {
        serveCase(target, head, out);
      } else {
        writeFixed(out, "404 Not Found", "text/plain", "not found\n".getBytes(StandardCharsets.US_ASCII));
      }
      socket.shutdownOutput();
    } catch (IOException e) {
      // The peer went away (a closed EventSource, or the end of the test).
    } finally {
      open.remove(socket);
    }
  }

  private void serveCase(String target, List<String> head, OutputStream out) throws IOException {
    String[] parts = target.split("/"); // "", "s", consumer, index, delivery
    BrowserCase browserCase = cases.get(Integer.parseInt(parts[3]));
    Delivery delivery = Delivery.valueOf(parts[4]);
    List<RecordedRequest> recorded = requests.computeIfAbsent(target, unused -> new ArrayList<>());
    int connection;
    synchronized (recorded) {
      connection = recorded.size() + 1;
      recorded.add(new RecordedRequest(connection, lastEventId(head)));
    }
    if (connection > browserCase.connections().size()) {
      out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return;
    }
    byte[] body = browserCase.connections().get(connection - 1);
    String framing = delivery.chunkedEncoding() ? "Transfer-Encoding: chunked\r\n" : "";
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        + framing + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    for (int start = 0; start < body.length; start += delivery.chunkSize()) {
      int length = Math.min(delivery.chunkSize(), body.length - start);
      if (delivery.chunkedEncoding()) {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, start, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(body, start, length);
      }
      out.flush();
    }
    if (delivery.chunkedEncoding()) {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  /**
   * The raw bytes after {@code Last-Event-ID:}, nothing removed: senders write one space after the
   * colon, so whitespace that is part of the ID shows as more (HTTP would strip it as OWS).
   */
  private static Optional<byte[]> lastEventId(List<String> head) {
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Last-Event-ID")) {
        return Optional.of(line.substring(colon + 1).getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    return Optional.empty();
  }

  private static void writeFixed(OutputStream out, String status, String contentType, byte[] body)
      throws IOException {
    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  /** The request line and header lines, decoded byte for byte (ISO-8859-1); empty at a silent EOF. */
  private static List<String> readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) return List.of();
      if (head.size() == MAX_HEAD_BYTES) throw new IOException("request head too large");
      head.write(b);
      matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return List.of(text.substring(0, text.length() - 4).split("\r\n"));
  }
}
