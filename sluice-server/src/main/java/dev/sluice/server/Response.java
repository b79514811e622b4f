package dev.sluice.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a {@link HttpHandler} answers: a status, headers and a body, or an event stream.
 *
 * <p>Immutable; {@link #withHeader} and {@link #withStatus} return modified copies, so a response can
 * be prepared once and returned many times. The server adds {@code Content-Length} (or streams) and
 * {@code Date}; on {@code HEAD} it sends the headers only.
 *
 * <pre>{@code
 * return Response.json("{\"status\":\"success\"}");
 * return Response.text(404, "no such topic");
 * return Response.sse(stream -> hub.subscribe(stream))
 *     .withHeader("Mercure-Last-Event-ID", lastId);
 * }</pre>
 */
public final class Response {
  private static final byte[] EMPTY = new byte[0];

  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final Consumer<SseStream> streamOpener; // Null unless this is an event stream.

  private Response(int status, List<Map.Entry<String, String>> headers, byte[] body, Consumer<SseStream> streamOpener) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.streamOpener = streamOpener;
  }

  /** {@code 200} with a {@code text/plain; charset=utf-8} body. */
  public static Response text(String text) {
    return text(200, text);
  }

  /** A {@code text/plain; charset=utf-8} body with the given status. */
  public static Response text(int status, String text) {
    return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code 200} with an {@code application/json} body, which must already be JSON. */
  public static Response json(String json) {
    return json(200, json);
  }

  /** An {@code application/json} body with the given status. */
  public static Response json(int status, String json) {
    return bytes(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** A body of any type. The array is copied. */
  public static Response bytes(int status, String contentType, byte[] body) {
    checkStatus(status);
    Objects.requireNonNull(contentType, "contentType");
    byte[] copy = body.clone();
    return new Response(status, List.of(Map.entry("content-type", contentType)), copy, null);
  }

  /** A status with no body, e.g. {@code 204}. */
  public static Response status(int status) {
    checkStatus(status);
    return new Response(status, List.of(), EMPTY, null);
  }

  /**
   * Opens an event stream: the server writes {@code 200}, {@code Content-Type: text/event-stream;
   * charset=utf-8}, {@code Cache-Control: no-cache}, {@code X-Accel-Buffering: no} and any headers
   * added with {@link #withHeader}, flushes them, then calls {@code onOpen} with the stream.
   *
   * @param onOpen called once, after the headers are flushed, on the handler's thread; it may keep
   *     the stream and send from any thread. If it throws, the stream is closed.
   */
  public static Response sse(Consumer<SseStream> onOpen) {
    return new Response(200, List.of(), EMPTY, Objects.requireNonNull(onOpen, "onOpen"));
  }

  /** A copy with one more header. Repeating a name sends the header several times. */
  public Response withHeader(String name, String value) {
    checkHeader(name, value);
    List<Map.Entry<String, String>> more = new ArrayList<>(headers.size() + 1);
    more.addAll(headers);
    more.add(Map.entry(name, value));
    return new Response(status, Collections.unmodifiableList(more), body, streamOpener);
  }

  /** A copy with another status. Not allowed for event streams, which are always {@code 200}. */
  public Response withStatus(int status) {
    checkStatus(status);
    if (streamOpener != null) throw new IllegalStateException("an event stream is always 200");
    return new Response(status, headers, body, null);
  }

  public int status() {
    return status;
  }

  /** The headers the handler set, in order. */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The body as a read-only view; empty for event streams. */
  public ByteBuffer body() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /** Whether this response opens an event stream. */
  public boolean isEventStream() {
    return streamOpener != null;
  }

  /** The callback that receives the stream, for event-stream responses. */
  public Optional<Consumer<SseStream>> streamOpener() {
    return Optional.ofNullable(streamOpener);
  }

  private static void checkStatus(int status) {
    if (status < 200 || status > 599) throw new IllegalArgumentException("status not 200..599: " + status);
  }

  static void checkHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) throw new IllegalArgumentException("empty header name");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == ':') throw new IllegalArgumentException("bad header name: " + name);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new IllegalArgumentException("header " + name + " must not contain CR, LF or NUL");
      }
    }
  }

  @Override
  public String toString() {
    return "Response{" + status + (streamOpener != null ? ", event-stream" : ", " + body.length + " bytes") + '}';
  }
}
