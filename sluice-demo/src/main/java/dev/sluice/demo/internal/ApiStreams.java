package dev.sluice.demo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ServerSentEvent;
import dev.sluice.demo.DemoOptions;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code /api/*} streams of the "SSE in every framework" tutorial: {@code GET /api/sse-stream}
 * for {@code EventSource} (which also carries the chat room's {@code chat-message} events while it
 * lasts), and {@code POST /api/manual-sse-stream}, which only a fetch + ReadableStream client can
 * read because {@code EventSource} cannot POST. Both send every event as a default {@code message}
 * but the one {@code custom-event}, with the tutorial's JSON fields.
 */
public final class ApiStreams {
  /** {@code /api/sse-stream}: JSON messages before the {@code custom-event} and the end message. */
  static final int API_MESSAGES = 10;
  static final Duration API_INTERVAL = Duration.ofSeconds(1);
  /** {@code /api/manual-sse-stream}: the longest message accepted, in characters (code points). */
  static final int MAX_MANUAL_MESSAGE = 200;
  /** What the tutorial's servers stream when the body has no message. */
  static final String DEFAULT_MANUAL_MESSAGE = "Hello";
  static final Duration CHAR_INTERVAL = Duration.ofMillis(100);

  private final DemoOptions options;
  private final ChatRoom chat;

  public ApiStreams(DemoOptions options, ChatRoom chat) {
    this.options = options;
    this.chat = chat;
  }

  public void mount(SseServer.Builder server) {
    server.get("/api/sse-stream", request -> {
      Optional<Long> after = ChatRoom.lastSeen(request);
      return Response.sse(stream -> apiStream(stream, after));
    });
    server.post("/api/manual-sse-stream", this::manualStream);
  }

  /**
   * Ten {@code {"message","timestamp"}} messages a second apart; then, together, a
   * {@code custom-event} and a last default message {@code {"message", "type":"end"}}; then the
   * response ends. The first message carries the chat room's position as its {@code id}, so a
   * reconnecting browser gets the chat messages it missed between two responses.
   */
  private void apiStream(SseStream stream, Optional<Long> after) {
    Duration interval = options.scaled(API_INTERVAL);
    chat.join(stream, after, position -> apiMessage(0).newBuilder().id(Long.toString(position)).build());
    Playback.playSteps(stream, 1, API_MESSAGES + 1, interval, interval, i -> {
      if (i < API_MESSAGES) return List.of(apiMessage(i));
      return List.of(
          ServerSentEvent.of("custom-event", Json.write(Json.object().put("type", "custom").put("content", "Custom event"))),
          ServerSentEvent.of(Json.write(Json.object().put("message", "Stream ended").put("type", "end"))));
    });
  }

  private ServerSentEvent apiMessage(int i) {
    return ServerSentEvent.of(Json.write(Json.object()
        .put("message", "Message " + i)
        .put("timestamp", Timestamps.millis(options.clock()))));
  }

  /**
   * {@code {"message": "Hi"}} streams {@code {"type":"start","content":...}}, one
   * {@code {"type":"chunk","content":<character>,"index":i}} per character, then
   * {@code {"type":"end","content":...}}, 0.1 s apart, all default events.
   */
  private Response manualStream(Request request) {
    String message = manualMessage(Json.requireObject(request));
    int[] chars = message.codePoints().toArray(); // Never split a surrogate pair into two chunks.
    return Response.sse(stream -> Playback.play(stream, chars.length + 2, options.scaled(CHAR_INTERVAL), i -> {
      ObjectNode data;
      if (i == 0) {
        data = Json.object().put("type", "start").put("content", "Processing started");
      } else if (i <= chars.length) {
        data = Json.object().put("type", "chunk").put("content", new String(chars, i - 1, 1)).put("index", i - 1);
      } else {
        data = Json.object().put("type", "end").put("content", "Processing complete");
      }
      return ServerSentEvent.of(Json.write(data));
    }));
  }

  /** The body's {@code message}: {@code "Hello"} when absent, null or empty, as the tutorial's servers do. */
  private static String manualMessage(ObjectNode body) {
    JsonNode value = body.get("message");
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      return DEFAULT_MANUAL_MESSAGE;
    }
    if (!value.isTextual()) throw new HttpStatusException(400, "\"message\" must be a string");
    String message = value.asText();
    if (message.codePointCount(0, message.length()) > MAX_MANUAL_MESSAGE) {
      throw new HttpStatusException(400, "\"message\" is longer than " + MAX_MANUAL_MESSAGE + " characters");
    }
    return message;
  }
}
