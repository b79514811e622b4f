package dev.sluice.demo.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ServerSentEvent;
import dev.sluice.demo.DemoOptions;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import java.time.Duration;
import java.util.List;

/**
 * The finite {@code /sse/*} scenarios of the FastAPI tutorial, with its counts, pacing, event types
 * and JSON fields: plain messages, JSON, named events, multi-line events, and a stream that falls
 * silent but for heartbeat comments. Texts are in English; everything a page reads keeps its name.
 */
public final class TutorialStreams {
  /** {@code /sse/basic}: how many messages, and how far apart. */
  static final int BASIC_COUNT = 10;
  static final Duration BASIC_INTERVAL = Duration.ofMillis(500);
  /** {@code /sse/json}: how many objects, and how far apart. */
  static final int JSON_COUNT = 5;
  static final Duration JSON_INTERVAL = Duration.ofMillis(500);
  /** {@code /sse/events}: progress steps between {@code start} and {@code complete}. */
  static final int PROGRESS_STEPS = 5;
  static final Duration EVENTS_INTERVAL = Duration.ofMillis(500);
  /** {@code /sse/multifield}: how many {@code update} events, and how far apart. */
  static final int MULTIFIELD_COUNT = 5;
  static final Duration MULTIFIELD_INTERVAL = Duration.ofMillis(500);
  /** {@code /sse/heartbeat}: messages first, then a {@code : heartbeat} comment every interval. */
  static final int HEARTBEAT_MESSAGES = 10;
  static final Duration HEARTBEAT_MESSAGE_INTERVAL = Duration.ofSeconds(5);
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

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

  /** {@code data: Message 0} .. {@code data: Message 9}, then the end of the stream. */
  private void basic(SseStream stream) {
    Playback.play(stream, BASIC_COUNT, options.scaled(BASIC_INTERVAL), i -> ServerSentEvent.of("Message " + i));
  }

  /** {@code data: {"id":0,"message":"Item 0","timestamp":"..."}} .. id 4. */
  private void json(SseStream stream) {
    Playback.play(stream, JSON_COUNT, options.scaled(JSON_INTERVAL), i -> {
      ObjectNode data = Json.object()
          .put("id", i)
          .put("message", "Item " + i)
          .put("timestamp", Timestamps.millis(options.clock()));
      return ServerSentEvent.of(Json.write(data));
    });
  }

  /**
   * {@code start} with a text, at once followed by the first {@code progress} ({@code {progress,
   * step}}); the other four progress steps half a second apart; {@code complete} with a text.
   */
  private void events(SseStream stream) {
    Playback.playSteps(stream, PROGRESS_STEPS + 1, options.scaled(EVENTS_INTERVAL), i -> {
      if (i == PROGRESS_STEPS) return List.of(ServerSentEvent.of("complete", "Processing complete"));
      ServerSentEvent progress = ServerSentEvent.of("progress", Json.write(Json.object()
          .put("progress", (i + 1) * 100 / PROGRESS_STEPS).put("step", i + 1)));
      return i == 0 ? List.of(ServerSentEvent.of("start", "Processing started"), progress) : List.of(progress);
    });
  }

  /** {@code id: N}, {@code event: update} and three {@code data:} lines per event, N = 0..4. */
  private void multifield(SseStream stream) {
    Playback.play(stream, MULTIFIELD_COUNT, options.scaled(MULTIFIELD_INTERVAL), i ->
        ServerSentEvent.builder().id(Integer.toString(i)).event("update")
            .data("First line of data\nSecond line of data\nThird line of data").build());
  }

  /** Ten messages five seconds apart, then only a {@code : heartbeat} comment every 15 s until the client leaves. */
  private void heartbeat(SseStream stream) {
    Duration message = options.scaled(HEARTBEAT_MESSAGE_INTERVAL);
    Duration beat = options.scaled(HEARTBEAT_INTERVAL);
    Playback.play(stream, HEARTBEAT_MESSAGES, message, i -> ServerSentEvent.of("Message " + i),
        // The tutorial sleeps its five seconds after the last message too, then beats every 15 s.
        () -> stream.scheduler().scheduleAtFixedRate(() -> stream.comment("heartbeat"), message, beat));
  }
}
