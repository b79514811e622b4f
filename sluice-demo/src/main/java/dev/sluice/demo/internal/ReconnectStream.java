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
 * {@code GET /sse/reconnect}: {@code retry: 3000}, then {@code id: N} / {@code data: Message N} for N
 * from 0 to 99, resuming after the {@code Last-Event-ID} the client sends.
 *
 * <p>To show resumption working, the server ends the response after every id ending in 9 (so each
 * connection carries at most {@value #EVENTS_PER_CONNECTION} events): the browser waits the 3 s the
 * {@code retry} field asked for, reconnects with {@code Last-Event-ID: 9}, and the stream goes on at
 * 10 with nothing lost or repeated. Once 99 has been sent, a reconnect gets {@code 204 No Content},
 * which tells an {@code EventSource} to stop for good.
 */
public final class ReconnectStream {
  /** The ids sent are 0 .. LAST_ID. */
  static final int LAST_ID = 99;
  /** The server ends each connection after this many ids (after every id ending in 9). */
  static final int EVENTS_PER_CONNECTION = 10;
  /** The {@code retry:} sent first on every connection. Not scaled: it is part of the wire format. */
  static final Duration RETRY = Duration.ofMillis(3000);
  static final Duration INTERVAL = Duration.ofMillis(500);

  private final DemoOptions options;

  public ReconnectStream(DemoOptions options) {
    this.options = options;
  }

  public void mount(SseServer.Builder server) {
    server.get("/sse/reconnect", this::handle);
  }

  private Response handle(Request request) {
    int first = firstId(request.lastEventId());
    if (first > LAST_ID) return Response.status(204); // All sent: EventSource stops reconnecting.
    return Response.sse(stream -> start(stream, first));
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

  private void start(SseStream stream, int first) {
    stream.retry(RETRY);
    // Up to and including the next id ending in 9 (or the last id), then end this connection.
    int end = Math.min(LAST_ID, first - first % EVENTS_PER_CONNECTION + EVENTS_PER_CONNECTION - 1);
    Playback.play(stream, end - first + 1, options.scaled(INTERVAL), i -> {
      String id = Integer.toString(first + i);
      return ServerSentEvent.builder().id(id).data("Message " + id).build();
    });
  }
}
