package dev.sluice.server.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket HTTP/1.1 client for tests of event streams: writes one request exactly as given,
 * reads the response head, then either
 * <ul>
 *   <li><b>parses the body</b> as an event stream on a reader thread ({@link #open}), recording
 *       events, comments, {@code retry:} values and the end of the stream in a queue the test polls
 *       with timeouts ({@link #next}, {@link #nextEvent}, {@link #nextData}, {@link #awaitEnd}); or
 *   <li><b>leaves the body to the test</b> for exact wire checks ({@link #send}, {@link
 *       #openWithoutReading}): {@link #nextBlock} one event block at a time, {@link #readAll}, or
 *       {@link #ended}.
 * </ul>
 * A body with {@code Content-Length} (an error answer) is read to that length; an event stream to
 * the end of the connection. Every wait is bounded ({@link #TIMEOUT} unless given). Only loopback
 * addresses are used. The queue side is thread-safe; the raw reads are not.
 */
public final class SseClient implements AutoCloseable {
  /** The bound on every wait that is not given one. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Queued when the stream ends (the server closed it, or the test did). */
  public static final Object END = "<end of stream>";

  private final Socket socket;
  private final InputStream in;
  private final int status;
  private final Map<String, String> headers; // Lower-case names; repeated headers joined with ", ".
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> retries = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private Thread reader; // Null until the body is parsed; guarded by this.

  private SseClient(Socket socket, InputStream in, int status, Map<String, String> headers) {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.headers = Collections.unmodifiableMap(headers);
  }

  /** {@code GET path} with {@code Accept: text/event-stream} and any extra header lines; parses the body. */
  public static SseClient open(int port, String path, String... headerLines) throws IOException {
    List<String> lines = new ArrayList<>(List.of("Accept: text/event-stream"));
    lines.addAll(List.of(headerLines));
    SseClient client = connect("127.0.0.1", port, "GET", path, null, lines, 0);
    client.startReading();
    return client;
  }

  /**
   * {@code GET uri} with {@code Accept: text/event-stream} and {@code headers}; parses the body,
   * whatever the status (see {@link #status}). {@code uri} must name a loopback host.
   */
  public static SseClient open(URI uri, Map<String, String> headers) throws IOException {
    List<String> lines = new ArrayList<>(List.of("Accept: text/event-stream"));
    headers.forEach((name, value) -> lines.add(name + ": " + value));
    String target = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) target += "?" + uri.getRawQuery();
    SseClient client = connect(uri.getHost(), uri.getPort(), "GET", target, null, lines, 0);
    client.startReading();
    return client;
  }

  /**
   * {@code GET path}, reading the head but not the body, from a socket with a small receive buffer:
   * a client that stopped reading. {@link #startReading} begins parsing later.
   */
  public static SseClient openWithoutReading(int port, String path) throws IOException {
    return connect("127.0.0.1", port, "GET", path, null, List.of(), 4096);
  }

  /**
   * Sends {@code method path} with {@code body} (UTF-8, with its {@code Content-Length}; null for
   * none) and the given header lines (say {@code "Content-Type: application/json"}), and reads the
   * response head. The body is left to {@link #nextBlock}, {@link #readAll} or {@link #startReading}.
   */
  public static SseClient send(int port, String method, String path, String body, String... headerLines)
      throws IOException {
    return connect("127.0.0.1", port, method, path, body == null ? null : body.getBytes(UTF_8),
        List.of(headerLines), 0);
  }

  private static SseClient connect(String host, int port, String method, String target, byte[] body,
      List<String> headerLines, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    try {
      if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer); // Fills up fast.
      socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: ").append(host).append(':').append(port).append("\r\n");
      for (String line : headerLines) head.append(line).append("\r\n");
      if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(ISO_8859_1));
      if (body != null) out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = readLine(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      return new SseClient(socket, in, status, readHeaders(in));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Reads header lines up to the blank line; names in lower case, repeats joined with ", ". */
  public static Map<String, String> readHeaders(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    return headers;
  }

  /** Reads one CRLF- or LF-terminated line of a response head, byte by byte (the body stays unread). */
  public static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') line.write(b);
    }
    if (b == -1 && line.size() == 0) throw new IOException("connection closed before the response head ended");
    return line.toString(ISO_8859_1);
  }

  public int status() {
    return status;
  }

  /** The response headers, names in lower case. */
  public Map<String, String> headers() {
    return headers;
  }

  /** A response header by name, any case. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  // Parsing the body on a reader thread.

  /** Starts parsing the body on a reader thread (once). */
  public synchronized void startReading() {
    if (reader != null) return;
    reader = new Thread(this::readEvents, "sse-test-client");
    reader.setDaemon(true);
    reader.start();
  }

  private void readEvents() {
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
        retries.add(retryMillis);
        received.add(new Retry(retryMillis));
      }
    });
    try {
      Optional<String> length = header("content-length");
      if (length.isPresent()) {
        byte[] body = in.readNBytes(Integer.parseInt(length.get()));
        parser.feed(body, 0, body.length);
      } else {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) != -1; ) parser.feed(buffer, 0, n);
      }
    } catch (IOException e) {
      // Closed by the test, reset by the server or timed out: either way the stream is over.
    } finally {
      received.add(END);
      ended.countDown();
    }
  }

  /** The next thing received (a {@link ServerSentEvent}, {@link Comment}, {@link Retry} or {@link #END}). */
  public Object next() throws InterruptedException {
    return next(TIMEOUT);
  }

  /** As {@link #next()}, waiting up to {@code timeout}. */
  public Object next(Duration timeout) throws InterruptedException {
    Object next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(next).as("something received within " + timeout).isNotNull();
    return next;
  }

  /** The next event, skipping comments and retries; fails at the end of the stream. */
  public ServerSentEvent nextEvent() throws InterruptedException {
    return nextEvent(TIMEOUT);
  }

  /** As {@link #nextEvent()}, waiting up to {@code timeout} for each item. */
  public ServerSentEvent nextEvent(Duration timeout) throws InterruptedException {
    while (true) {
      Object next = next(timeout);
      if (next instanceof ServerSentEvent event) return event;
      assertThat(next).as("expected an event").isNotEqualTo(END);
    }
  }

  /** The data of the next event. */
  public String nextData() throws InterruptedException {
    return nextEvent().data();
  }

  /** The data of the next {@code count} events, each waited for up to {@code timeout}. */
  public List<String> nextData(int count, Duration timeout) throws InterruptedException {
    List<String> data = new ArrayList<>(count);
    for (int i = 0; i < count; i++) data.add(nextEvent(timeout).data());
    return data;
  }

  /** The next {@code retry:} value, whatever was received around it. */
  public long nextRetryMillis() throws InterruptedException {
    Long retry = retries.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(retry).as("a retry field within " + TIMEOUT).isNotNull();
    return retry;
  }

  /** Waits until the stream ends, skipping what arrives before; fails after {@link #TIMEOUT}. */
  public void awaitEnd() throws InterruptedException {
    assertThat(awaitEnd(TIMEOUT)).as("the stream ended within " + TIMEOUT).isTrue();
  }

  /** Whether the stream ended within {@code timeout}. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the stream is still being read. */
  public boolean isOpen() {
    return ended.getCount() > 0;
  }

  /** Fails if an event is waiting to be read now. */
  public void assertNoEventQueued() {
    assertThat(received).as("events waiting").noneMatch(item -> item instanceof ServerSentEvent);
  }

  /** Fails if an event arrives within {@code quiet}; comments and retries are skipped. */
  public void assertNoMore(Duration quiet) throws InterruptedException {
    long deadline = System.nanoTime() + quiet.toNanos();
    for (long left = quiet.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      Object next = received.poll(left, TimeUnit.NANOSECONDS);
      if (next == null || next == END) return;
      assertThat(next).as("no further event").isNotInstanceOf(ServerSentEvent.class);
    }
  }

  // Reading the body by hand.

  /** The rest of the body: {@code Content-Length} bytes, or up to the end of the connection. */
  public String readAll() throws IOException {
    requireNotParsing();
    Optional<String> length = header("content-length");
    byte[] bytes = length.isPresent() ? in.readNBytes(Integer.parseInt(length.get())) : in.readAllBytes();
    return new String(bytes, UTF_8);
  }

  /** The next event block, without the blank line that ends it; fails at the end of the stream. */
  public String nextBlock() throws IOException {
    requireNotParsing();
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
  public boolean ended() throws IOException {
    requireNotParsing();
    try {
      return in.read() == -1;
    } catch (java.net.SocketException e) {
      return true; // Reset: ended too.
    }
  }

  private synchronized void requireNotParsing() {
    if (reader != null) throw new IllegalStateException("the body is being parsed on the reader thread");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A comment line received ({@code : text}). */
  public record Comment(String text) {
    public Comment {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A {@code retry:} field received. */
  public record Retry(long millis) {}
}
