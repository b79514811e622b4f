package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP/2 with java.net.http's client: h2c by {@code Upgrade}, and TLS with ALPN. */
@ExtendWith(LeakCheck.class)
class Http2IT {
  private final BlockingQueue<SseStream> opened = new ArrayBlockingQueue<>(32);
  private SseServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  private SseServer.Builder builder() {
    return SseServer.builder().port(0).bindAddress("127.0.0.1")
        .sse("/events", (request, stream) -> {
          opened.add(stream);
          stream.send(ServerSentEvent.builder().event("hello").data(request.protocol()).build());
        })
        .get("/hello", request -> Response.text("hi over " + request.protocol()));
  }

  @Test
  void streamsEventsOverH2cAfterUpgrade() throws Exception {
    server = builder().build();
    int port = server.start();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    // The first request upgrades the connection; later ones use HTTP/2 frames on it.
    HttpResponse<String> plain = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(plain.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(plain.body()).isEqualTo("hi over HTTP/2");

    assertStreamsOverHttp2(client, "http://127.0.0.1:" + port + "/events");
  }

  @Test
  void streamsEventsOverTlsWithAlpn() throws Exception {
    TlsConfig tls = TlsConfig.selfSigned();
    server = builder().tls(tls).build();
    int port = server.start();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .sslContext(TestTls.trusting(tls)).build();
    assertStreamsOverHttp2(client, "https://127.0.0.1:" + port + "/events");
  }

  /** Opens more streams than a browser's HTTP/1.1 limit of six; all share one connection. */
  private void assertStreamsOverHttp2(HttpClient client, String url) throws Exception {
    List<InputStream> bodies = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        HttpResponse<InputStream> response = client.send(
            HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream; charset=utf-8");
        bodies.add(response.body());
      }
      List<SseStream> streams = new ArrayList<>();
      for (int i = 0; i < 10; i++) streams.add(opened.poll(10, TimeUnit.SECONDS));
      assertThat(streams).doesNotContainNull();
      assertThat(server.stats().openStreams()).isEqualTo(10);
      assertThat(server.stats().connections()).isEqualTo(1);

      try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.of("to all"))) {
        assertThat(Fanout.send(event, streams)).isEqualTo(10);
      }
      List<BufferedReader> readers = new ArrayList<>();
      for (InputStream body : bodies) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        readers.add(lines);
        assertThat(lines.readLine()).isEqualTo("event: hello");
        assertThat(lines.readLine()).isEqualTo("data: HTTP/2");
        assertThat(lines.readLine()).isEmpty();
        assertThat(lines.readLine()).isEqualTo("data: to all");
      }
      streams.get(0).close();
      BufferedReader first = readers.get(0);
      assertThat(first.readLine()).isEmpty();
      assertThat(first.readLine()).as("the HTTP/2 stream ends").isNull();
    } finally {
      for (InputStream body : bodies) body.close();
    }
  }

}
