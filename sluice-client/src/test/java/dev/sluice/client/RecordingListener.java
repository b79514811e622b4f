package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every callback in order; tests take them one by one and end with {@link #assertExhausted}. */
final class RecordingListener implements EventSourceListener {
  private static final long WAIT_SECONDS = 10;

  /** One callback: its kind and, where it has one, its value. */
  record Callback(String kind, Object value) {}

  private final BlockingQueue<Callback> callbacks = new LinkedBlockingQueue<>();

  @Override
  public void onOpen() {
    callbacks.add(new Callback("open", null));
  }

  @Override
  public void onEvent(ServerSentEvent event) {
    callbacks.add(new Callback("event", event));
  }

  @Override
  public void onComment(String comment) {
    callbacks.add(new Callback("comment", comment));
  }

  @Override
  public void onRetry(Duration retry) {
    callbacks.add(new Callback("retry", retry));
  }

  @Override
  public void onError(SseClientException error) {
    callbacks.add(new Callback("error", error));
  }

  @Override
  public void onClosed() {
    callbacks.add(new Callback("closed", null));
  }

  Callback take(String kind) throws InterruptedException {
    Callback callback = callbacks.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(callback).as("a %s callback within %s s", kind, WAIT_SECONDS).isNotNull();
    assertThat(callback.kind()).as("callback %s", callback).isEqualTo(kind);
    return callback;
  }

  void takeOpen() throws InterruptedException {
    take("open");
  }

  ServerSentEvent takeEvent() throws InterruptedException {
    return (ServerSentEvent) take("event").value();
  }

  String takeComment() throws InterruptedException {
    return (String) take("comment").value();
  }

  Duration takeRetry() throws InterruptedException {
    return (Duration) take("retry").value();
  }

  SseClientException takeError() throws InterruptedException {
    return (SseClientException) take("error").value();
  }

  void takeClosed() throws InterruptedException {
    take("closed");
  }

  void assertExhausted() {
    assertThat(callbacks).as("callbacks not taken by the test").isEmpty();
  }
}
