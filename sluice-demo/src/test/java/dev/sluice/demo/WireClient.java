package dev.sluice.demo;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A raw-socket HTTP/1.1 client for exact wire checks: writes one request, reads the response head,
 * then hands out the body byte for byte, whole or one event block at a time. Every read is bounded
 * by {@link #TIMEOUT}. Not thread-safe.
 */
final class WireClient implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final int status;
  final Map<String, String> headers; // Lower-case names.
  private final Socket socket;
  private final InputStream in;

  private WireClient(Socket socket, InputStream in, int status, Map<String, String> headers) {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.headers = headers;
  }

  static WireClient get(int port, String path, String... headerLines) throws IOException {
    return send(port, "GET", path, null, headerLines);
  }

  static WireClient post(int port, String path, String body, String... headerLines) throws IOException {
    return send(port, "POST", path, body, headerLines);
  }

  static WireClient send(int port, String method, String path, String body, String... headerLines) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    byte[] content = body == null ? new byte[0] : body.getBytes(UTF_8);
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
    for (String line : headerLines) head.append(line).append("\r\n");
    if (body != null) head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
    head.append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(head.toString().getBytes(ISO_8859_1));
    out.write(content);
    out.flush();
    InputStream in = socket.getInputStream();
    String statusLine = readLine(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return new WireClient(socket, in, status, headers);
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The rest of the body: {@code Content-Length} bytes, or (for event streams) up to the end of the connection. */
  String readAll() throws IOException {
    Optional<String> length = header("content-length");
    byte[] bytes = length.isPresent() ? in.readNBytes(Integer.parseInt(length.get())) : in.readAllBytes();
    return new String(bytes, UTF_8);
  }

  /** The next event block, without the blank line that ends it; fails at the end of the stream. */
  String nextBlock() throws IOException {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    int previous = -1;
    for (int b = in.read(); b != -1; b = in.read()) {
      if (b == '\n' && previous == '\n') {
        byte[] bytes = block.toByteArray();
        return new String(bytes, 0, bytes.length - 1, UTF_8);
      }
      block.write(b);
      previous = b;
    }
    throw new AssertionError("stream ended; partial block: " + block.toString(UTF_8));
  }

  /** Whether the server ended the body here: the next read finds the end of the connection. */
  boolean ended() throws IOException {
    return in.read() == -1;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) throw new IOException("connection closed in the response head");
      if (b != '\r') line.append((char) b);
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
