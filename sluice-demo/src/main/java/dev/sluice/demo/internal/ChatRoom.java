package dev.sluice.demo.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ServerSentEvent;
import dev.sluice.demo.DemoOptions;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import dev.sluice.server.StreamGroup;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * A live chat room: {@code POST /api/send-message} with {@code {"message": "...", "user": "..."}}
 * broadcasts a {@code chat-message} event ({@code {"id", "user", "content", "timestamp"}}) to every
 * member: everyone on the tutorial's {@code GET /api/sse-stream} while its response lasts, and
 * everyone on the demo chat page's {@code GET /api/chat}.
 *
 * <p>A member's first event carries the room's position as its {@code id} ({@code joined} on
 * {@code /api/chat}, the first message on {@code /api/sse-stream}), and each message its own id.
 * The room keeps the last {@value #HISTORY} messages, so a browser that reconnects (sending {@code
 * Last-Event-ID}) first gets what it missed, even a message sent while it was between two
 * responses of {@code /api/sse-stream}. Thread-safe: sending a message and joining the room take
 * the same lock, so a member sees each message exactly once, in order.
 */
public final class ChatRoom {
  /** Messages kept for members that reconnect. */
  static final int HISTORY = 100;
  static final int MAX_MESSAGE = 500;
  static final int MAX_USER = 40;
  static final String DEFAULT_USER = "anonymous";

  private final DemoOptions options;
  private final StreamGroup members = StreamGroup.create();
  private final Deque<ServerSentEvent> history = new ArrayDeque<>(); // Guarded by this.
  private long lastId; // Guarded by this.

  public ChatRoom(DemoOptions options) {
    this.options = options;
  }

  public void mount(SseServer.Builder server) {
    server.post("/api/send-message", this::sendMessage);
    server.get("/api/chat", request -> {
      Optional<Long> after = lastSeen(request);
      return Response.sse(stream -> join(stream, after, position ->
          ServerSentEvent.builder().id(Long.toString(position)).event("joined").data(Json.write(Json.object()
              .put("members", members.size()).put("lastId", position))).build()));
    });
  }

  private Response sendMessage(Request request) {
    ObjectNode body = Json.requireObject(request);
    String message = Json.requireText(body, "message", MAX_MESSAGE).strip();
    String user = Json.optionalText(body, "user", MAX_USER).orElse(DEFAULT_USER);
    long id;
    int recipients;
    synchronized (this) {
      id = ++lastId;
      ObjectNode data = Json.object()
          .put("id", id)
          .put("user", user)
          .put("content", message)
          .put("timestamp", Timestamps.millis(options.clock()));
      ServerSentEvent event = ServerSentEvent.builder()
          .id(Long.toString(id)).event("chat-message").data(Json.write(data)).build();
      history.addLast(event);
      if (history.size() > HISTORY) history.removeFirst();
      recipients = members.send(event); // Non-blocking: hands the event to the members' event loops.
    }
    return Response.json(Json.write(Json.object()
        .put("status", "success").put("message", "Message received").put("id", id).put("recipients", recipients)));
  }

  /**
   * Makes {@code stream} a member: first the messages after {@code after} that it missed, then
   * {@code first} made from the room's position (the last message id), then every new message.
   * Call it from the stream's handler; the stream leaves the room when it closes.
   */
  void join(SseStream stream, Optional<Long> after, LongFunction<ServerSentEvent> first) {
    synchronized (this) {
      after.ifPresent(seen -> replay(stream, seen));
      members.add(stream);
      // Sent under the lock, so no message can come between it and the position it names.
      stream.send(first.apply(lastId));
    }
  }

  /** Guarded by this. */
  private void replay(SseStream stream, long seen) {
    for (ServerSentEvent event : history) {
      if (Long.parseLong(event.id().orElseThrow()) > seen) stream.send(event);
    }
  }

  /** The {@code Last-Event-ID} a reconnecting member sends, or {@code 400} if it is not one of ours. */
  static Optional<Long> lastSeen(Request request) {
    String value = request.lastEventId().map(String::strip).orElse("");
    if (value.isEmpty()) return Optional.empty();
    try {
      long seen = Long.parseLong(value);
      if (seen >= 0) return Optional.of(seen);
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw new HttpStatusException(400, "Last-Event-ID must be a non-negative integer");
  }
}
