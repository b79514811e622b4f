package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Body and header limits over HTTP/2 (h2c and TLS) answer as over HTTP/1.1: 413 and 431. */
@ExtendWith(LeakCheck.class)
class Http2LimitsIT {
  private SseServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  private SseServer.Builder builder() {
    return SseServer.builder().port(0).bindAddress("127.0.0.1").maxRequestBodySize(1024).maxHeaderSize(4096)
        .post("/publish", request -> Response.text("got " + request.body().length))
        .get("/hello", request -> Response.text("hi"));
  }

  @Test
  void oversizedBodiesAndHeadersOverH2c() throws Exception {
    server = builder().build();
    int port = server.start();
    assertLimits(HttpClient.newHttpClient(), "http://127.0.0.1:" + port);
  }

  @Test
  void oversizedBodiesAndHeadersOverTlsH2() throws Exception {
    TlsConfig tls = TlsConfig.selfSigned();
    server = builder().tls(tls).build();
    int port = server.start();
    assertLimits(HttpClient.newBuilder().sslContext(TestTls.trusting(tls)).build(), "https://127.0.0.1:" + port);
  }

  private void assertLimits(HttpClient client, String base) throws Exception {
    HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(hello.version()).isEqualTo(HttpClient.Version.HTTP_2); // Upgraded (h2c) or by ALPN.

    HttpResponse<String> big = client.send(post(base, 4096), HttpResponse.BodyHandlers.ofString());
    assertThat(big.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).isEqualTo("Content Too Large\n");

    HttpResponse<String> fits = client.send(post(base, 1024), HttpResponse.BodyHandlers.ofString());
    assertThat(fits.statusCode()).as("the connection survives a 413").isEqualTo(200);
    assertThat(fits.body()).isEqualTo("got 1024");

    HttpResponse<String> headers = client.send(HttpRequest.newBuilder(URI.create(base + "/hello"))
        .header("x-big", "y".repeat(4500)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(headers.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(headers.statusCode()).isEqualTo(431);
  }

  private static HttpRequest post(String base, int size) {
    return HttpRequest.newBuilder(URI.create(base + "/publish"))
        .POST(HttpRequest.BodyPublishers.ofString("b".repeat(size))).build();
  }
}
