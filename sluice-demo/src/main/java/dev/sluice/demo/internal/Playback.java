package dev.sluice.demo.internal;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.SseStream;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Sends a fixed number of steps to a stream, the first at once (or after a first delay) and the rest
 * one interval apart, on the stream's scheduler, then runs a finishing step (by default: end the
 * stream). A step is one event, or several sent together when a tutorial writes them back to back.
 * Events are made when they are sent, so their timestamps are true. If the client leaves, the
 * scheduler cancels the rest.
 *
 * <p>Each tick schedules the next one, so nothing needs cancelling when the last event is out.
 */
final class Playback implements Runnable {
  private final SseStream stream;
  private final int count;
  private final Duration interval;
  private final IntFunction<List<ServerSentEvent>> stepAt;
  private final Runnable afterLast;
  private int next; // Event-loop only: every tick runs on the stream's scheduler.

  private Playback(SseStream stream, int first, int count, Duration interval,
      IntFunction<List<ServerSentEvent>> stepAt, Runnable afterLast) {
    this.stream = stream;
    this.next = first;
    this.count = count;
    this.interval = interval;
    this.stepAt = stepAt;
    this.afterLast = afterLast;
  }

  /** Sends {@code eventAt(0)} .. {@code eventAt(count - 1)}, then ends the stream. */
  static void play(SseStream stream, int count, Duration interval, IntFunction<ServerSentEvent> eventAt) {
    play(stream, count, interval, eventAt, stream::close);
  }

  /** Sends {@code eventAt(0)} .. {@code eventAt(count - 1)}, then runs {@code afterLast}. */
  static void play(SseStream stream, int count, Duration interval, IntFunction<ServerSentEvent> eventAt,
      Runnable afterLast) {
    IntFunction<List<ServerSentEvent>> steps = i -> List.of(eventAt.apply(i));
    stream.scheduler().schedule(new Playback(stream, 0, count, interval, steps, afterLast), Duration.ZERO);
  }

  /**
   * Sends the events of steps {@code first} .. {@code count - 1}, one step per interval, the first
   * of them after {@code firstDelay}, then ends the stream. For a caller that sent the earlier steps
   * itself.
   */
  static void playSteps(SseStream stream, int first, int count, Duration firstDelay, Duration interval,
      IntFunction<List<ServerSentEvent>> stepAt) {
    stream.scheduler().schedule(new Playback(stream, first, count, interval, stepAt, stream::close), firstDelay);
  }

  /** Sends the events of steps 0 .. {@code count - 1}, one step per interval, then ends the stream. */
  static void playSteps(SseStream stream, int count, Duration interval, IntFunction<List<ServerSentEvent>> stepAt) {
    playSteps(stream, 0, count, Duration.ZERO, interval, stepAt);
  }

  @Override
  public void run() {
    if (next < count) {
      for (ServerSentEvent event : stepAt.apply(next++)) {
        if (!stream.send(event)) return; // The client left.
      }
    }
    if (next < count) {
      stream.scheduler().schedule(this, interval);
    } else {
      afterLast.run();
    }
  }
}
