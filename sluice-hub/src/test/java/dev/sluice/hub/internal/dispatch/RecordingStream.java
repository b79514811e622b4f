package dev.sluice.hub.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import dev.sluice.server.EncodedEvent;
import dev.sluice.server.SseStream;
import dev.sluice.server.StreamScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stream that records what it is sent, for dispatcher tests: events sent encoded (the fan-out
 * path) are parsed back. Thread-safe.
 */
final class RecordingStream implements SseStream {
  private final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
  private final List<Runnable> onClose = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<String> comments = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CountDownLatch gate; // null: sends go through at once
  private final CountDownLatch entered = new CountDownLatch(1);

  RecordingStream() {
    this(null);
  }

  /** A stream whose sends wait for {@code gate}: a subscriber that holds its lane up. */
  RecordingStream(CountDownLatch gate) {
    this.gate = gate;
  }

  @Override
  public boolean send(ServerSentEvent event) {
    entered.countDown();
    if (gate != null) {
      try {
        assertThat(gate.await(10, TimeUnit.SECONDS)).as("gate opened").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    if (!isOpen()) {
      return false;
    }
    events.add(event);
    return true;
  }

  /** Parses the encoded bytes back into the event; the caller keeps its reference. */
  @Override
  public boolean send(EncodedEvent event) {
    byte[] bytes = new byte[event.length()];
    event.content().getBytes(event.content().readerIndex(), bytes);
    List<ServerSentEvent> parsed = new ArrayList<>();
    EventParser parser = EventParser.create(parsed::add);
    parser.feed(bytes);
    assertThat(parsed).as("one encoded event").hasSize(1);
    return send(parsed.get(0));
  }

  @Override
  public boolean comment(String text) {
    if (isOpen()) {
      comments.add(text);
    }
    return isOpen();
  }

  @Override
  public boolean retry(Duration delay) {
    return isOpen();
  }

  @Override
  public StreamScheduler scheduler() {
    throw new UnsupportedOperationException("the dispatcher schedules nothing on streams");
  }

  @Override
  public Executor executor() {
    return Runnable::run;
  }

  @Override
  public void close() {
    List<Runnable> callbacks;
    synchronized (this) {
      if (closed.getCount() == 0) {
        return;
      }
      closed.countDown();
      callbacks = new ArrayList<>(onClose);
    }
    callbacks.forEach(Runnable::run);
  }

  @Override
  public boolean isOpen() {
    return closed.getCount() > 0;
  }

  @Override
  public synchronized void onClose(Runnable callback) {
    if (isOpen()) {
      onClose.add(callback);
    } else {
      callback.run();
    }
  }

  /** The id of the next event, waiting up to five seconds. */
  String nextId() throws InterruptedException {
    ServerSentEvent event = events.poll(5, TimeUnit.SECONDS);
    assertThat(event).as("an event within 5 s").isNotNull();
    return event.id().orElseThrow();
  }

  /** Waits until a send has started (and, with a gate, is held). */
  boolean awaitSendEntered() throws InterruptedException {
    return entered.await(5, TimeUnit.SECONDS);
  }

  List<String> comments() {
    return comments;
  }

  boolean awaitClosed() throws InterruptedException {
    return closed.await(5, TimeUnit.SECONDS);
  }

  /** Asserts nothing else arrived (call after a dispatcher barrier). */
  void assertExhausted() {
    assertThat(events).isEmpty();
  }
}
