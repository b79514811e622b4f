package dev.sluice.demo.internal;

import dev.sluice.ServerSentEvent;
import dev.sluice.demo.DemoOptions;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /sse/reconnect}, as the FastAPI tutorial has it: {@code retry: 3000} on its own, then
 * {@code id: N} / {@code data: Message N} every 0.1 s for N from {@code Last-Event-ID + 1} (0 without
 * one) to 99, then the end of the response.
 *
 * <p>A browser that loses the connection comes back after the 3 s the {@code retry} field asked
 * for, sends {@code Last-Event-ID}, and the stream goes on with nothing lost or repeated. Once 99
 * has been sent, a reconnect gets {@code 204 No Content}, which tells an {@code EventSource} to stop
 * for good (the tutorial's server would answer an empty stream, and the browser would come back
 * every 3 s forever).
 *
 * <p>{@code ?break_every=N} (1 to 100) makes reconnection visible: the server ends the response after
 * every id {@code i} with {@code (i + 1) % N == 0}, so each connection carries at most N ids. The
 * demo's reconnect page asks for {@code break_every=10}; without it, one connection carries them all.
 */
public final class ReconnectStream {
  /** The ids sent are 0 .. LAST_ID. */
  static final int LAST_ID = 99;
  /** The {@code retry:} sent first on every connection. Not scaled: it is part of the wire format. */
  static final Duration RETRY = Duration.ofMillis(3000);
  static final Duration INTERVAL = Duration.ofMillis(100);
  static final String BREAK_EVERY = "break_every";

  private final DemoOptions options;

  public ReconnectStream(DemoOptions options) {
    this.options = options;
  }

  public void mount(SseServer.Builder server) {
    server.get("/sse/reconnect", this::handle);
  }

  private Response handle(Request request) {
    int breakEvery = breakEvery(request.query(BREAK_EVERY));
    int first = firstId(request.lastEventId());
    if (first > LAST_ID) return Response.status(204); // All sent: EventSource stops reconnecting.
    return Response.sse(stream -> start(stream, first, breakEvery));
  }

  /** The id after {@code Last-Event-ID}, or 0 without one; {@code 400} if it is not one of ours. */
  private static int firstId(Optional<String> lastEventId) {
    if (lastEventId.isEmpty() || lastEventId.get().isEmpty()) return 0;
    String value = lastEventId.get().strip();
    try {
      int last = Integer.parseInt(value);
      if (last >= 0 && last <= LAST_ID) return last + 1;
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw new HttpStatusException(400, "Last-Event-ID must be an integer from 0 to " + LAST_ID);
  }

  /** How many ids one connection carries at most: all of them unless the page asks otherwise. */
  private static int breakEvery(Optional<String> value) {
    if (value.isEmpty()) return LAST_ID + 1;
    try {
      int every = Integer.parseInt(value.get());
      if (every >= 1 && every <= LAST_ID + 1) return every;
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw new HttpStatusException(400, BREAK_EVERY + " must be an integer from 1 to " + (LAST_ID + 1));
  }

  private void start(SseStream stream, int first, int breakEvery) {
    stream.retry(RETRY);
    // Up to the next id that ends a block of breakEvery (or the last id), then end this connection.
    int end = Math.min(LAST_ID, (first / breakEvery + 1) * breakEvery - 1);
    Playback.play(stream, end - first + 1, options.scaled(INTERVAL), i -> {
      String id = Integer.toString(first + i);
      return ServerSentEvent.builder().id(id).data("Message " + id).build();
    });
  }
}
