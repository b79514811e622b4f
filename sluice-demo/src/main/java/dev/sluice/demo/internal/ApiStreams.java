package dev.sluice.demo.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ServerSentEvent;
import dev.sluice.demo.DemoOptions;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import java.time.Duration;

/**
 * The {@code /api/*} streams of the FastAPI-style tutorials: {@code GET /api/sse-stream} for
 * {@code EventSource}, and {@code POST /api/manual-sse-stream}, which only a fetch + ReadableStream
 * client can read because {@code EventSource} cannot POST.
 */
public final class ApiStreams {
  /** {@code /api/sse-stream}: JSON messages before the {@code custom-event} and the {@code end}. */
  static final int API_MESSAGES = 10;
  static final Duration API_INTERVAL = Duration.ofMillis(500);
  /** {@code /api/manual-sse-stream}: the longest message accepted, in characters (code points). */
  static final int MAX_MANUAL_MESSAGE = 200;
  static final Duration CHAR_INTERVAL = Duration.ofMillis(100);

  private final DemoOptions options;

  public ApiStreams(DemoOptions options) {
    this.options = options;
  }

  public void mount(SseServer.Builder server) {
    server.sse("/api/sse-stream", (request, stream) -> apiStream(stream));
    server.post("/api/manual-sse-stream", this::manualStream);
  }

  /** Ten {@code {"id","message","timestamp"}} messages, a {@code custom-event}, an {@code end} event. */
  private void apiStream(SseStream stream) {
    Playback.play(stream, API_MESSAGES + 2, options.scaled(API_INTERVAL), i -> {
      if (i < API_MESSAGES) {
        ObjectNode data = Json.object()
            .put("id", i + 1)
            .put("message", "Message " + (i + 1) + " of " + API_MESSAGES)
            .put("timestamp", Timestamps.millis(options.clock()));
        return ServerSentEvent.of(Json.write(data));
      }
      if (i == API_MESSAGES) {
        return ServerSentEvent.of("custom-event", Json.write(Json.object()
            .put("type", "custom").put("message", "A custom event after " + API_MESSAGES + " messages")));
      }
      return ServerSentEvent.of("end", Json.write(Json.object().put("message", "Stream complete")));
    });
  }

  /**
   * {@code {"message": "Hi"}} streams {@code start} with the length, one {@code chunk} per
   * character ({@code {"index", "char"}}), then {@code end} with the whole message.
   */
  private Response manualStream(Request request) {
    String message = Json.requireText(Json.requireObject(request), "message", MAX_MANUAL_MESSAGE);
    int[] chars = message.codePoints().toArray(); // Never split a surrogate pair into two chunks.
    return Response.sse(stream -> Playback.play(stream, chars.length + 2, options.scaled(CHAR_INTERVAL), i -> {
      if (i == 0) return ServerSentEvent.of("start", Json.write(Json.object().put("length", chars.length)));
      if (i <= chars.length) {
        return ServerSentEvent.of("chunk", Json.write(Json.object()
            .put("index", i - 1).put("char", new String(chars, i - 1, 1))));
      }
      return ServerSentEvent.of("end", Json.write(Json.object()
          .put("message", message).put("length", chars.length)));
    }));
  }
}
