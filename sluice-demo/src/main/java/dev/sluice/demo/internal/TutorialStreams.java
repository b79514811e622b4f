package dev.sluice.demo.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ServerSentEvent;
import dev.sluice.demo.DemoOptions;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import java.time.Duration;

/**
 * The finite {@code /sse/*} scenarios of the classic tutorials: plain messages, JSON, named events,
 * multi-line events, and a stream that falls silent but for heartbeat comments.
 */
public final class TutorialStreams {
  /** {@code /sse/basic}: how many messages, and how far apart. */
  static final int BASIC_COUNT = 10;
  static final Duration BASIC_INTERVAL = Duration.ofMillis(500);
  /** {@code /sse/json}: how many objects, and how far apart. */
  static final int JSON_COUNT = 5;
  static final Duration JSON_INTERVAL = Duration.ofSeconds(1);
  /** {@code /sse/events}: progress steps between {@code start} and {@code complete}. */
  static final int PROGRESS_STEPS = 5;
  static final Duration EVENTS_INTERVAL = Duration.ofMillis(500);
  /** {@code /sse/multifield}: how many {@code update} events, and how far apart. */
  static final int MULTIFIELD_COUNT = 3;
  static final Duration MULTIFIELD_INTERVAL = Duration.ofSeconds(1);
  /** {@code /sse/heartbeat}: messages first, then a {@code : heartbeat} comment every interval. */
  static final int HEARTBEAT_MESSAGES = 3;
  static final Duration HEARTBEAT_MESSAGE_INTERVAL = Duration.ofSeconds(1);
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(2);

  private final DemoOptions options;

  public TutorialStreams(DemoOptions options) {
    this.options = options;
  }

  public void mount(SseServer.Builder server) {
    server.sse("/sse/basic", (request, stream) -> basic(stream));
    server.sse("/sse/json", (request, stream) -> json(stream));
    server.sse("/sse/events", (request, stream) -> events(stream));
    server.sse("/sse/multifield", (request, stream) -> multifield(stream));
    server.sse("/sse/heartbeat", (request, stream) -> heartbeat(stream));
  }

  /** {@code data: Message 1 of 10} .. {@code data: Message 10 of 10}, then the end of the stream. */
  private void basic(SseStream stream) {
    Playback.play(stream, BASIC_COUNT, options.scaled(BASIC_INTERVAL),
        i -> ServerSentEvent.of("Message " + (i + 1) + " of " + BASIC_COUNT));
  }

  /** {@code data: {"id":1,"message":"JSON message 1 of 5","timestamp":"..."}}, five times. */
  private void json(SseStream stream) {
    Playback.play(stream, JSON_COUNT, options.scaled(JSON_INTERVAL), i -> {
      ObjectNode data = Json.object()
          .put("id", i + 1)
          .put("message", "JSON message " + (i + 1) + " of " + JSON_COUNT)
          .put("timestamp", Timestamps.millis(options.clock()));
      return ServerSentEvent.of(Json.write(data));
    });
  }

  /** {@code start}, {@code progress} with {@code {progress, step}} five times, {@code complete}. */
  private void events(SseStream stream) {
    Playback.play(stream, PROGRESS_STEPS + 2, options.scaled(EVENTS_INTERVAL), i -> {
      if (i == 0) {
        return ServerSentEvent.of("start", Json.write(Json.object()
            .put("message", "Task started").put("steps", PROGRESS_STEPS)));
      }
      if (i <= PROGRESS_STEPS) {
        return ServerSentEvent.of("progress", Json.write(Json.object()
            .put("progress", i * 100 / PROGRESS_STEPS).put("step", i)));
      }
      return ServerSentEvent.of("complete", Json.write(Json.object().put("message", "Task complete")));
    });
  }

  /** {@code id: N}, {@code event: update} and three {@code data:} lines per event. */
  private void multifield(SseStream stream) {
    Playback.play(stream, MULTIFIELD_COUNT, options.scaled(MULTIFIELD_INTERVAL), i -> {
      int n = i + 1;
      String data = "Update " + n + " of " + MULTIFIELD_COUNT + '\n'
          + "This event has three data lines\n"
          + "Sent at " + Timestamps.millis(options.clock());
      return ServerSentEvent.builder().id(Integer.toString(n)).event("update").data(data).build();
    });
  }

  /** A few messages, then only {@code : heartbeat} comments until the client leaves. */
  private void heartbeat(SseStream stream) {
    Duration beat = options.scaled(HEARTBEAT_INTERVAL);
    Playback.play(stream, HEARTBEAT_MESSAGES, options.scaled(HEARTBEAT_MESSAGE_INTERVAL),
        i -> ServerSentEvent.of("Message " + (i + 1) + " of " + HEARTBEAT_MESSAGES + ", heartbeats follow"),
        () -> stream.scheduler().scheduleAtFixedRate(() -> stream.comment("heartbeat"), beat, beat));
  }
}
