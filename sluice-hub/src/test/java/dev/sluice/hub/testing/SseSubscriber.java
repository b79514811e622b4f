package dev.sluice.hub.testing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber over a real socket: java.net.http for the connection, sluice-core's parser for the
 * stream. Events and {@code retry:} values land in queues that tests poll with a timeout. Shared
 * with sluice-redis's tests through this module's test-jar (only this package is in it).
 */
public final class SseSubscriber implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> retries = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);

  private SseSubscriber(HttpResponse<InputStream> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "sse-subscriber");
    reader.setDaemon(true);
    reader.start();
  }

  /** Sends the request and starts reading whatever the answer is; see {@link #status}. */
  public static SseSubscriber open(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Accept", "text/event-stream");
    headers.forEach(request::header);
    return new SseSubscriber(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
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

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The next event, waiting up to five seconds. */
  public ServerSentEvent next() throws InterruptedException {
    return next(DEFAULT_WAIT);
  }

  /** The next event, or a failed assertion after {@code timeout}. */
  public ServerSentEvent next(Duration timeout) throws InterruptedException {
    ServerSentEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(event).as("an event within " + timeout).isNotNull();
    return event;
  }

  public String nextData() throws InterruptedException {
    return next().data();
  }

  /** The data of the next {@code count} events, each waited for up to {@code timeout}. */
  public List<String> nextData(int count, Duration timeout) throws InterruptedException {
    List<String> data = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      data.add(next(timeout).data());
    }
    return data;
  }

  /** The next {@code retry:} value the server sent, waiting up to five seconds. */
  public long nextRetryMillis() throws InterruptedException {
    Long retry = retries.poll(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(retry).as("a retry field within 5 s").isNotNull();
    return retry;
  }

  /** Whether the server ended the stream within {@code seconds}. */
  public boolean awaitEnd(long seconds) throws InterruptedException {
    return ended.await(seconds, TimeUnit.SECONDS);
  }

  public boolean isOpen() {
    return ended.getCount() > 0;
  }

  public void assertNoEventQueued() {
    assertThat(events).isEmpty();
  }

  /** Fails if an event arrives within {@code quiet}. */
  public void assertNoMore(Duration quiet) throws InterruptedException {
    ServerSentEvent extra = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(extra).as("no further event").isNull();
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
