package dev.sluice.demo.internal;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.SseStream;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * Sends a fixed number of events to a stream, the first at once and the rest one interval apart, on
 * the stream's scheduler, then runs a finishing step (by default: end the stream). Events are made
 * when they are sent, so their timestamps are true. If the client leaves, the scheduler cancels the
 * rest.
 *
 * <p>Each tick schedules the next one, so nothing needs cancelling when the last event is out.
 */
final class Playback implements Runnable {
  private final SseStream stream;
  private final int count;
  private final Duration interval;
  private final IntFunction<ServerSentEvent> eventAt;
  private final Runnable afterLast;
  private int next; // Event-loop only: every tick runs on the stream's scheduler.

  private Playback(SseStream stream, int count, Duration interval, IntFunction<ServerSentEvent> eventAt,
      Runnable afterLast) {
    this.stream = stream;
    this.count = count;
    this.interval = interval;
    this.eventAt = eventAt;
    this.afterLast = afterLast;
  }

  /** Sends {@code eventAt(0)} .. {@code eventAt(count - 1)}, then ends the stream. */
  static void play(SseStream stream, int count, Duration interval, IntFunction<ServerSentEvent> eventAt) {
    play(stream, count, interval, eventAt, stream::close);
  }

  /** Sends {@code eventAt(0)} .. {@code eventAt(count - 1)}, then runs {@code afterLast}. */
  static void play(SseStream stream, int count, Duration interval, IntFunction<ServerSentEvent> eventAt,
      Runnable afterLast) {
    stream.scheduler().schedule(new Playback(stream, count, interval, eventAt, afterLast), Duration.ZERO);
  }

  @Override
  public void run() {
    if (next < count && !stream.send(eventAt.apply(next++))) return; // The client left.
    if (next < count) {
      stream.scheduler().schedule(this, interval);
    } else {
      afterLast.run();
    }
  }
}
