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
 * The endless once-a-second streams: {@code /sse/clock}, and the Flask tutorial's {@code /stream},
 * {@code /stream_with_type_and_id} and {@code /json_stream}. Each runs on the stream's scheduler, so it
 * stops the moment the client leaves.
 */
public final class TickerStreams {
  static final Duration TICK = Duration.ofSeconds(1);
  /** {@code /stream_with_type_and_id} sends a {@code special_message} instead of every fifth update. */
  static final int SPECIAL_EVERY = 5;

  private final DemoOptions options;

  public TickerStreams(DemoOptions options) {
    this.options = options;
  }

  public void mount(SseServer.Builder server) {
    server.sse("/sse/clock", (request, stream) ->
        every(stream, () -> stream.send(ServerSentEvent.of(Timestamps.seconds(options.clock())))));
    server.sse("/stream", (request, stream) ->
        every(stream, () -> stream.send(ServerSentEvent.of(Integer.toString(ThreadLocalRandom.current().nextInt(1, 101))))));
    server.get("/stream_with_type_and_id", request -> {
      long after = startAfter(request); // Checked before the stream opens, so bad input gets a 400.
      return Response.sse(stream -> typedWithIds(after, stream));
    });
    server.sse("/json_stream", (request, stream) -> {
      long[] counter = {0}; // Event-loop only.
      every(stream, () -> {
        long n = ++counter[0];
        ObjectNode data = Json.object()
            .put("counter", n)
            .put("timestamp", Timestamps.millis(options.clock()))
            .put("message", "Update number " + n);
        stream.send(ServerSentEvent.of(Json.write(data)));
      });
    });
  }

  /**
   * {@code id: N} with {@code event: time_update} and the time, except every fifth, which is a
   * {@code special_message}. A reconnecting client goes on counting after its {@code Last-Event-ID}.
   */
  private void typedWithIds(long after, SseStream stream) {
    long[] counter = {after}; // Event-loop only.
    every(stream, () -> {
      long n = ++counter[0];
      ServerSentEvent.Builder event = ServerSentEvent.builder().id(Long.toString(n));
      if (n % SPECIAL_EVERY == 0) {
        event.event("special_message").data("Special message number " + n / SPECIAL_EVERY);
      } else {
        event.event("time_update").data(Timestamps.seconds(options.clock()));
      }
      stream.send(event.build());
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

  private void every(SseStream stream, Runnable tick) {
    stream.scheduler().scheduleAtFixedRate(tick, Duration.ZERO, options.scaled(TICK));
  }
}
