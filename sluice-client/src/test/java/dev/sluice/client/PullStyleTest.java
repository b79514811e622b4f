package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ServerSentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PullStyleTest extends LoopbackTestBase {
  @Test
  void iteratesOpenAiStyleStreamUntilDoneMarker() throws Exception {
    server.enqueue(ScriptedServer.Response.stream(
        "data: {\"delta\":\"Hel\"}\n\ndata: {\"delta\":\"lo\"}\n\ndata: [DONE]\n\n").chunkedAt(5).thenHoldOpen());
    List<String> chunks = new ArrayList<>();
    try (EventStream events = builder("/v1/chat/completions").post("{\"stream\":true}").stream()) {
      for (ServerSentEvent event : events) {
        if (event.data().equals("[DONE]")) break;
        chunks.add(event.data());
      }
    }
    assertThat(chunks).containsExactly("{\"delta\":\"Hel\"}", "{\"delta\":\"lo\"}");
    assertThat(server.takeRequest().method()).isEqualTo("POST");
    server.awaitDisconnect(1);
    // The pull styles replace the builder's listener, so the recording listener saw nothing.
  }

  @Test
  void iteratorThrowsTheFailureThatClosedTheSourceAfterItsEvents() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("data: kept\n\n"));
    server.enqueue(ScriptedServer.Response.status(401));
    EventStream events = builder("/events").stream();
    assertThat(events.poll(Duration.ofSeconds(10))).map(ServerSentEvent::data).hasValue("kept");
    server.takeRequest();
    scheduler.next().run();
    server.takeRequest();
    assertThatThrownBy(() -> events.iterator().hasNext()).isInstanceOf(SseHttpStatusException.class)
        .hasMessageStartingWith("HTTP 401");
    events.close();
  }

  @Test
  void publisherDeliversOnlyWhatWasRequested() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 50; i++) body.append("data: ").append(i).append("\n\n");
    server.enqueue(ScriptedServer.Response.stream(body.toString()).chunkedAt(13).thenHoldOpen());
    RecordingSubscriber subscriber = new RecordingSubscriber();
    builder("/events").publisher(4).subscribe(subscriber);
    server.takeRequest();
    Flow.Subscription subscription = subscriber.subscription.poll(10, TimeUnit.SECONDS);

    subscription.request(2);
    assertThat(subscriber.take()).isEqualTo("1");
    assertThat(subscriber.take()).isEqualTo("2");
    // The reader fills its 4-event buffer and then waits; nothing more reaches the subscriber.
    assertThat(subscriber.signals.poll(200, TimeUnit.MILLISECONDS)).isNull();

    subscription.request(3);
    assertThat(List.of(subscriber.take(), subscriber.take(), subscriber.take())).containsExactly("3", "4", "5");
    assertThat(subscriber.signals.poll(200, TimeUnit.MILLISECONDS)).isNull();

    subscription.request(Long.MAX_VALUE);
    for (int i = 6; i <= 50; i++) assertThat(subscriber.take()).isEqualTo(Integer.toString(i));
    subscription.cancel();
    server.awaitDisconnect(1);
    assertThat(subscriber.signals).isEmpty();
  }

  @Test
  void publisherCompletesOn204AndFailsOnWrongContentType() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("data: a\n\n"));
    server.enqueue(ScriptedServer.Response.status(204));
    RecordingSubscriber completing = new RecordingSubscriber();
    builder("/events").publisher().subscribe(completing);
    completing.subscription.poll(10, TimeUnit.SECONDS).request(10);
    server.takeRequest();
    assertThat(completing.take()).isEqualTo("a");
    scheduler.next().run();
    server.takeRequest();
    assertThat(completing.signals.poll(10, TimeUnit.SECONDS)).isEqualTo("complete");

    server.enqueue(ScriptedServer.Response.withContentType("text/html", "<html>"));
    RecordingSubscriber failing = new RecordingSubscriber();
    builder("/events").publisher().subscribe(failing);
    failing.subscription.poll(10, TimeUnit.SECONDS).request(1);
    server.takeRequest();
    assertThat(failing.signals.poll(10, TimeUnit.SECONDS)).startsWith("error: expected Content-Type");
  }

  /** Records onNext data, "complete" and "error: message" in one queue, in order. */
  private static final class RecordingSubscriber implements Flow.Subscriber<ServerSentEvent> {
    final BlockingQueue<Flow.Subscription> subscription = new LinkedBlockingQueue<>();
    final BlockingQueue<String> signals = new LinkedBlockingQueue<>();

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription.add(subscription);
    }

    @Override
    public void onNext(ServerSentEvent item) {
      signals.add(item.data());
    }

    @Override
    public void onError(Throwable throwable) {
      signals.add("error: " + throwable.getMessage());
    }

    @Override
    public void onComplete() {
      signals.add("complete");
    }

    String take() throws InterruptedException {
      String signal = signals.poll(10, TimeUnit.SECONDS);
      assertThat(signal).as("a signal within 10 s").isNotNull();
      return signal;
    }
  }
}
