package dev.sluice.demo.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ServerSentEvent;
import dev.sluice.demo.DemoOptions;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The endless once-a-second streams: {@code /sse/clock}, the Flask tutorial's {@code /stream}, the
 * first FastAPI tutorial's {@code /stream_with_type_and_id}, {@code /json_stream} and the
 * {@code /api/events} its page listens to, and the Express tutorial's {@code /events}. Each runs on
 * the stream's scheduler, so it stops the moment the client leaves.
 */
public final class TickerStreams {
  static final Duration TICK = Duration.ofSeconds(1);
  /** {@code /stream_with_type_and_id} adds a {@code special_message} after every fifth update. */
  static final int SPECIAL_EVERY = 5;
  /** {@code /api/events} adds an {@code update} event after every fifth message. */
  static final int UPDATE_EVERY = 5;

  private final DemoOptions options;

  public TickerStreams(DemoOptions options) {
    this.options = options;
  }

  public void mount(SseServer.Builder server) {
    server.sse("/sse/clock", (request, stream) ->
        every(stream, TICK, () -> stream.send(ServerSentEvent.of(Timestamps.dateTime(options.clock())))));
    server.sse("/stream", (request, stream) -> every(stream, TICK, () ->
        stream.send(ServerSentEvent.of("Random value: " + ThreadLocalRandom.current().nextInt(1, 101)))));
    server.get("/stream_with_type_and_id", request -> {
      long after = startAfter(request); // Checked before the stream opens, so bad input gets a 400.
      return Response.sse(stream -> typedWithIds(after, stream));
    });
    server.sse("/json_stream", (request, stream) -> {
      long[] counter = {0}; // Event-loop only.
      every(stream, TICK, () -> {
        long n = ++counter[0];
        ObjectNode data = Json.object()
            .put("counter", n)
            .put("timestamp", Timestamps.millis(options.clock()))
            .put("message", "Update #" + n);
        stream.send(ServerSentEvent.of(Json.write(data)));
      });
    });
    server.sse("/events", (request, stream) -> expressEvents(stream));
    server.sse("/api/events", (request, stream) -> messagesAndUpdates(stream));
  }

  /**
   * Each second, {@code id: N}, {@code event: time_update} and the time; after every fifth, a
   * {@code special_message} with the same id. A reconnecting client goes on counting after its
   * {@code Last-Event-ID}.
   */
  private void typedWithIds(long after, SseStream stream) {
    long[] counter = {after}; // Event-loop only.
    every(stream, TICK, () -> {
      long n = ++counter[0];
      String id = Long.toString(n);
      stream.send(ServerSentEvent.builder().id(id).event("time_update")
          .data("The current time is " + Timestamps.time(options.clock()) + ".").build());
      if (n % SPECIAL_EVERY == 0) {
        stream.send(ServerSentEvent.builder().id(id).event("special_message")
            .data("This is a special message at count " + n + "!").build());
      }
    });
  }

  /** A {@code customEvent} {@code {"type":"welcome"}} at once, then {@code {"time": ...}} every second. */
  private void expressEvents(SseStream stream) {
    stream.send(ServerSentEvent.of("customEvent", Json.write(Json.object().put("type", "welcome"))));
    Duration tick = options.scaled(TICK);
    stream.scheduler().scheduleAtFixedRate(() ->
        stream.send(ServerSentEvent.of(Json.write(Json.object().put("time", Timestamps.millis(options.clock()))))),
        tick, tick);
  }

  /**
   * What the first tutorial's page shows: a plain message each second for its {@code onmessage}, and
   * after every fifth an {@code update} event with JSON {@code {"count", "timestamp"}} for its
   * {@code addEventListener('update', ...)}.
   */
  private void messagesAndUpdates(SseStream stream) {
    long[] counter = {0}; // Event-loop only.
    every(stream, TICK, () -> {
      long n = ++counter[0];
      stream.send(ServerSentEvent.of("Message " + n + " at " + Timestamps.time(options.clock())));
      if (n % UPDATE_EVERY == 0) {
        stream.send(ServerSentEvent.of("update", Json.write(Json.object()
            .put("count", n).put("timestamp", Timestamps.millis(options.clock())))));
      }
    });
  }

  private static long startAfter(Request request) {
    String last = request.lastEventId().map(String::strip).orElse("");
    if (last.isEmpty()) return 0;
    try {
      long value = Long.parseLong(last);
      if (value >= 0 && value < Long.MAX_VALUE) return value;
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw new HttpStatusException(400, "Last-Event-ID must be a non-negative integer");
  }

  private void every(SseStream stream, Duration period, Runnable tick) {
    stream.scheduler().scheduleAtFixedRate(tick, Duration.ZERO, options.scaled(period));
  }
}
