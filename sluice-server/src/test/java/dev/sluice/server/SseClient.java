package dev.sluice.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.EventHandler;
import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket HTTP/1.1 client for tests: sends a request, reads the response head, then parses the
 * body as an event stream on a reader thread, recording events, comments, retries and the end of the
 * stream in a queue the test polls with timeouts.
 */
final class SseClient implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Queued when the server ends the stream. */
  static final Object END = "<end of stream>";

  final int status;
  final Map<String, String> headers; // Lower-case names.
  private final Socket socket;
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final Thread reader;

  private SseClient(Socket socket, int status, Map<String, String> headers, InputStream body, boolean read) {
    this.socket = socket;
    this.status = status;
    this.headers = headers;
    this.reader = new Thread(() -> readEvents(body), "sse-test-client");
    this.reader.setDaemon(true);
    if (read) this.reader.start();
  }

  /** Opens {@code GET path} and starts reading events. */
  static SseClient open(int port, String path, String... extraHeaderLines) throws IOException {
    return connect(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
        + String.join("", extraHeaderLines) + "\r\n", true);
  }

  /** Opens {@code GET path}, reads the head, but never reads the body: a client that stopped reading. */
  static SseClient openWithoutReading(int port, String path) throws IOException {
    return connect(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n", false);
  }

  private static SseClient connect(int port, String request, boolean read) throws IOException {
    Socket socket = new Socket();
    if (!read) socket.setReceiveBufferSize(4096); // Fill up fast.
    socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(ISO_8859_1));
    out.flush();
    InputStream in = socket.getInputStream();
    String statusLine = readLine(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    return new SseClient(socket, status, headers, in, read);
  }

  /** Reads one CRLF-terminated line of the response head, byte by byte (the body stays unread). */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') line.write(b);
    }
    if (b == -1 && line.size() == 0) throw new IOException("connection closed before the response head ended");
    return line.toString(ISO_8859_1);
  }

  private void readEvents(InputStream body) {
    EventParser parser = EventParser.create(new EventHandler() {
      @Override
      public void onEvent(ServerSentEvent event) {
        received.add(event);
      }

      @Override
      public void onComment(String comment) {
        received.add(new Comment(comment));
      }

      @Override
      public void onRetry(long retryMillis) {
        received.add(new Retry(retryMillis));
      }
    });
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = body.read(buffer)) != -1; ) parser.feed(buffer, 0, n);
    } catch (IOException e) {
      // Closed by the test or reset by the server: either way the stream is over.
    }
    received.add(END);
  }

  /** Starts reading the body of a client opened {@link #openWithoutReading without reading}. */
  void startReading() {
    reader.start();
  }

  /** The next thing received (an event, {@link Comment}, {@link Retry} or {@link #END}). */
  Object next() throws InterruptedException {
    Object next = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(next).as("something received within " + TIMEOUT).isNotNull();
    return next;
  }

  /** The next event, skipping heartbeat comments. */
  ServerSentEvent nextEvent() throws InterruptedException {
    while (true) {
      Object next = next();
      if (next instanceof ServerSentEvent) return (ServerSentEvent) next;
      assertThat(next).as("expected an event").isNotEqualTo(END);
    }
  }

  /** Waits until the server ends the stream, skipping what arrives before. */
  void awaitEnd() throws InterruptedException {
    while (next() != END) {
      // Skip.
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  record Comment(String text) {}

  record Retry(long millis) {}
}
