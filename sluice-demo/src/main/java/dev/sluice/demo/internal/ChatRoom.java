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

/**
 * A live chat room: {@code POST /api/send-message} with {@code {"message": "...", "user": "..."}}
 * broadcasts a {@code chat-message} event to everyone on {@code GET /api/events}.
 *
 * <p>A new member first gets a {@code joined} event ({@code {"members", "lastId"}}): from then on it
 * sees every message. Messages carry ids, and the room keeps the last {@value #HISTORY} of them, so
 * a browser that reconnects (sending {@code Last-Event-ID}) first gets what it missed. Thread-safe: sending a message and
 * joining the room take the same lock, so a member sees each message exactly once, in order.
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
    server.get("/api/events", this::join);
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
          .put("message", message)
          .put("timestamp", Timestamps.millis(options.clock()));
      ServerSentEvent event = ServerSentEvent.builder()
          .id(Long.toString(id)).event("chat-message").data(Json.write(data)).build();
      history.addLast(event);
      if (history.size() > HISTORY) history.removeFirst();
      recipients = members.send(event); // Non-blocking: hands the event to the members' event loops.
    }
    return Response.json(Json.write(Json.object()
        .put("status", "success").put("id", id).put("recipients", recipients)));
  }

  private Response join(Request request) {
    Optional<Long> after = lastSeen(request);
    return Response.sse(stream -> {
      synchronized (this) {
        after.ifPresent(seen -> replay(stream, seen));
        members.add(stream);
        // Tells the member it will now see every message: before this, a send may have missed it.
        stream.send(ServerSentEvent.of("joined", Json.write(Json.object()
            .put("members", members.size()).put("lastId", lastId))));
      }
    });
  }

  /** Guarded by this. */
  private void replay(SseStream stream, long seen) {
    for (ServerSentEvent event : history) {
      if (Long.parseLong(event.id().orElseThrow()) > seen) stream.send(event);
    }
  }

  private static Optional<Long> lastSeen(Request request) {
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
