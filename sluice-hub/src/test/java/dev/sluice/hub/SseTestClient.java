package dev.sluice.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.EventHandler;
import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber over a real socket: java.net.http for the connection, sluice-core's parser for the
 * stream. Events land in a queue that tests poll with a timeout.
 */
final class SseTestClient implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final HttpResponse<InputStream> response;
  private final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> retries = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Thread reader;

  private SseTestClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-test-client");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  static SseTestClient open(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Accept", "text/event-stream");
    headers.forEach(request::header);
    return new SseTestClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  private void read() {
    EventParser parser = EventParser.create(new EventHandler() {
      @Override
      public void onEvent(ServerSentEvent event) {
        events.add(event);
      }

      @Override
      public void onRetry(long retryMillis) {
        retries.add(retryMillis);
      }
    });
    byte[] buffer = new byte[8192];
    try (InputStream in = response.body()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        parser.feed(buffer, 0, n);
      }
    } catch (Exception e) {
      // The stream ended or was closed by the test; either way, reading stops.
    } finally {
      ended.countDown();
    }
  }

  int status() {
    return response.statusCode();
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The next event, waiting up to five seconds. */
  ServerSentEvent next() throws InterruptedException {
    ServerSentEvent event = events.poll(5, TimeUnit.SECONDS);
    assertThat(event).as("an event within 5 s").isNotNull();
    return event;
  }

  String nextData() throws InterruptedException {
    return next().data();
  }

  /** Whether the server ended the stream within {@code seconds}. */
  boolean awaitEnd(long seconds) throws InterruptedException {
    return ended.await(seconds, TimeUnit.SECONDS);
  }

  /** The next {@code retry:} value the server sent, waiting up to five seconds. */
  long nextRetryMillis() throws InterruptedException {
    Long retry = retries.poll(5, TimeUnit.SECONDS);
    assertThat(retry).as("a retry field within 5 s").isNotNull();
    return retry;
  }

  void assertNoEventQueued() {
    assertThat(events).isEmpty();
  }

  @Override
  public void close() throws Exception {
    response.body().close();
  }
}
