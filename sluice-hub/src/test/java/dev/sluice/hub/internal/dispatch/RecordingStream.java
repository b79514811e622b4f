package dev.sluice.hub.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A stream that records what it is sent, for dispatcher tests. Thread-safe. */
final class RecordingStream implements SubscriberStream {
  private final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
  private final List<Runnable> onClose = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public boolean send(ServerSentEvent event) {
    if (!isOpen()) {
      return false;
    }
    events.add(event);
    return true;
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

  boolean awaitClosed() throws InterruptedException {
    return closed.await(5, TimeUnit.SECONDS);
  }

  /** Asserts nothing else arrived (call after a dispatcher barrier). */
  void assertExhausted() {
    assertThat(events).isEmpty();
  }
}
