package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP/1.1 server that answers each connection with the next scripted response, written
 * as exact bytes in chunks of a chosen size, and records every request as it arrived on the wire.
 */
public final class ScriptedServer implements AutoCloseable {
  private static final long WAIT_SECONDS = 10;

  private final ServerSocket serverSocket;
  private final BlockingQueue<Response> script = new LinkedBlockingQueue<>();
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<Integer> disconnects = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private int connections; // Acceptor thread only.

  public ScriptedServer() throws IOException {
    serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "scripted-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A loopback port nothing listens on, so connecting to it is refused. */
  public static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + path);
  }

  public ScriptedServer enqueue(Response response) {
    script.add(response);
    return this;
  }

  /** The next request the server received, waiting for it. */
  public RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest request = requests.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(request).as("a request within %s s", WAIT_SECONDS).isNotNull();
    return request;
  }

  /** Waits until the client closed the given connection (1-based). */
  public void awaitDisconnect(int connection) throws InterruptedException {
    Integer closed = disconnects.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(closed).as("connection %s closed by the client", connection).isEqualTo(connection);
  }

  public void assertNoMoreRequests() {
    assertThat(requests).as("requests not taken by the test").isEmpty();
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : sockets) socket.close();
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket socket = serverSocket.accept();
        sockets.add(socket);
        int number = ++connections;
        Thread handler = new Thread(() -> serve(socket, number), "scripted-connection-" + number);
        handler.setDaemon(true);
        handler.start();
      }
    } catch (IOException closed) {
      // The test is over.
    }
  }

  private void serve(Socket socket, int number) {
    try (socket) {
      InputStream in = socket.getInputStream();
      RecordedRequest request = readRequest(in, number);
      if (request == null) return;
      requests.add(request);
      Response response = script.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (response == null) response = Response.status(599, "no scripted response");
      write(socket.getOutputStream(), response);
      if (response.holdOpen) {
        // Stay silent until the client hangs up; a read of -1 or an error says it did.
        while (in.read() >= 0) {
          // Discard anything the client sends.
        }
        disconnects.add(number);
      }
    } catch (IOException | InterruptedException e) {
      disconnects.add(number);
    }
  }

  private static void write(OutputStream out, Response response) throws IOException {
    out.write(response.head().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    byte[] body = response.body;
    for (int start = 0; start < body.length; start += response.chunkSize) {
      int length = Math.min(response.chunkSize, body.length - start);
      if (response.chunkedEncoding) {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, start, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(body, start, length);
      }
      out.flush();
    }
    if (response.chunkedEncoding && !response.holdOpen) {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  private static RecordedRequest readRequest(InputStream in, int number) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) return null;
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    // Header bytes are kept as ISO-8859-1 so a test can see exactly which bytes were sent.
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
    byte[] body = in.readNBytes(length);
    return new RecordedRequest(number, requestLine[0], requestLine[1], headers, body);
  }

  public record RecordedRequest(int connection, String method, String target, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A scripted response; build with the static factories and the copy-modifiers. */
  public static final class Response {
    private final int status;
    private final List<String> headers;
    private final byte[] body;
    private final int chunkSize;
    private final boolean chunkedEncoding;
    private final boolean holdOpen;

    private Response(int status, List<String> headers, byte[] body, int chunkSize,
        boolean chunkedEncoding, boolean holdOpen) {
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.chunkSize = chunkSize;
      this.chunkedEncoding = chunkedEncoding;
      this.holdOpen = holdOpen;
    }

    /** A {@code text/event-stream} with exactly these bytes; the server closes after them. */
    public static Response stream(String body) {
      return stream(body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response stream(byte[] body) {
      return new Response(200, List.of("Content-Type: text/event-stream"), body,
          Math.max(1, body.length), false, false);
    }

    public static Response status(int status, String... headers) {
      return new Response(status, List.of(headers), new byte[0], 1, false, false);
    }

    public static Response withContentType(String contentType, String body) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      return new Response(200, List.of("Content-Type: " + contentType), bytes, Math.max(1, bytes.length),
          false, false);
    }

    /** Writes the body in pieces of {@code size} bytes, flushing each. */
    public Response chunkedAt(int size) {
      return new Response(status, headers, body, size, chunkedEncoding, holdOpen);
    }

    /** Frames the body with {@code Transfer-Encoding: chunked} instead of closing to end it. */
    public Response chunkedEncoding() {
      return new Response(status, headers, body, chunkSize, true, holdOpen);
    }

    /** After the body, stays silent with the connection open until the client hangs up. */
    public Response thenHoldOpen() {
      return new Response(status, headers, body, chunkSize, chunkedEncoding, true);
    }

    String head() {
      StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" Scripted\r\n");
      List<String> all = new ArrayList<>(headers);
      if (chunkedEncoding) {
        all.add("Transfer-Encoding: chunked");
      } else if (status == 204 || body.length == 0 && !holdOpen) {
        all.add("Content-Length: 0");
      } else {
        all.add("Connection: close"); // The body ends when the connection does.
      }
      for (String header : all) head.append(header).append("\r\n");
      return head.append("\r\n").toString();
    }
  }
}
