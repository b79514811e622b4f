package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An event-stream subscriber over a real socket (java.net.http) parsed by sluice-core. Events land
 * in a queue that tests poll with a timeout; {@link #assertNoMore} checks nothing extra arrived.
 */
final class SseReader implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);

  private SseReader(HttpResponse<InputStream> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static SseReader open(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Accept", "text/event-stream");
    headers.forEach(request::header);
    SseReader reader = new SseReader(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    assertThat(reader.response.statusCode()).as("subscribe status").isEqualTo(200);
    return reader;
  }

  private void read() {
    EventParser parser = EventParser.create(event -> {
      if (event.hasData()) {
        events.add(event);
      }
    });
    byte[] buffer = new byte[8192];
    try (InputStream in = response.body()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        parser.feed(buffer, 0, n);
      }
    } catch (Exception e) {
      // Closed by the test or by the hub; reading stops either way.
    } finally {
      ended.countDown();
    }
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The next event, or a failed assertion after {@code timeout}. */
  ServerSentEvent next(Duration timeout) throws InterruptedException {
    ServerSentEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(event).as("an event within " + timeout).isNotNull();
    return event;
  }

  /** The data of the next {@code count} events, each waited for up to {@code timeout}. */
  List<String> nextData(int count, Duration timeout) throws InterruptedException {
    List<String> data = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      data.add(next(timeout).data());
    }
    return data;
  }

  /** Fails if an event arrives within {@code quiet}. */
  void assertNoMore(Duration quiet) throws InterruptedException {
    ServerSentEvent extra = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(extra).as("no further event").isNull();
  }

  boolean isOpen() {
    return ended.getCount() > 0;
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (Exception ignored) {
      // Closing a finished stream may fail; nothing to do.
    }
  }
}
