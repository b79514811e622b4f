package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class HttpRoutesIT {
  private SseServer server;
  private int port;

  @BeforeEach
  void start() {
    server = SseServer.builder().port(0).bindAddress("127.0.0.1")
        .maxHeaderSize(2048)
        .maxRequestBodySize(1000)
        .cors(CorsConfig.builder().allowOrigin("https://app.example").allowCredentials(true)
            .exposeHeader("Mercure-Last-Event-ID").build())
        .get("/hello", request -> Response.text("hello " + request.query("name").orElse("?")))
        .post("/echo", request -> Response.json("{\"topics\":" + request.formParameters().get("topic").size()
            + ",\"query\":" + request.queryAll("q") + ",\"cookie\":\"" + request.cookie("c").orElse("") + "\"}"))
        .sse("/hub", (request, stream) -> stream.close())
        .post("/hub", request -> Response.text("published"))
        .get("/boom", request -> {
          throw new IllegalStateException("secret internal detail");
        })
        .get("/files/*", request -> Response.text("file " + request.path()))
        .staticResources("/static", "web")
        .build();
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.stop(Duration.ofSeconds(5));
  }

  @Test
  void servesSeveralRequestsOnOneKeptAliveConnection() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply first = http.exchange("GET /hello?name=a HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Reply second = http.exchange("GET /hello?name=b HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(first.body()).isEqualTo("hello a");
      assertThat(second.body()).isEqualTo("hello b");
      assertThat(second.headers()).containsEntry("content-type", "text/plain; charset=utf-8")
          .containsEntry("connection", "keep-alive").containsKey("date");
      assertThat(server.stats().connections()).isEqualTo(1);
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /hello?name=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?name=2 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read().body()).isEqualTo("hello 1");
      assertThat(http.read().body()).isEqualTo("hello 2");
    }
  }

  @Test
  void readsFormQueryAndCookies() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/echo?q=1&q=2"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", "a=b; c=d")
        .POST(HttpRequest.BodyPublishers.ofString("topic=x&topic=y+z&data=1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(response.body()).isEqualTo("{\"topics\":2,\"query\":[1, 2],\"cookie\":\"d\"}");
  }

  @Test
  void routesMethodsOnOnePathAndPrefixes() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("POST /hub HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").body()).isEqualTo("published");
      assertThat(http.exchange("GET /files/a/b.txt HTTP/1.1\r\nHost: x\r\n\r\n").body()).isEqualTo("file /files/a/b.txt");
    }
  }

  @Test
  void answersUnknownPathsWith404AndWrongMethodsWith405() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply missing = http.exchange("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body()).isEqualTo("Not Found\n");
      RawHttp.Reply wrong = http.exchange("DELETE /hub HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(wrong.status()).isEqualTo(405);
      assertThat(wrong.headers()).containsEntry("allow", "GET, POST, HEAD, OPTIONS");
    }
  }

  @Test
  void hidesHandlerFailuresBehindA500() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply reply = http.exchange("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.body()).isEqualTo("Internal Server Error\n").doesNotContain("secret");
    }
  }

  @Test
  void refusesOversizedHeadersWith431() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply reply = http.exchange("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(4000) + "\r\n\r\n");
      assertThat(reply.status()).isEqualTo(431);
      assertThat(reply.body()).isEqualTo("Request Header Fields Too Large\n");
    }
  }

  @Test
  void refusesOversizedBodiesWith413() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply reply = http.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "a".repeat(5000));
      assertThat(reply.status()).isEqualTo(413);
      assertThat(reply.body()).isEqualTo("Content Too Large\n");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void refusesMalformedRequestsWith400() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply reply = http.exchange("GET /hello HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n");
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.body()).startsWith("Bad Request");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void answersCorsPreflightForAllowedOriginsOnly() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply allowed = http.exchange("OPTIONS /hub HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
          + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization\r\n\r\n");
      assertThat(allowed.status()).isEqualTo(204);
      assertThat(allowed.headers()).containsEntry("access-control-allow-origin", "https://app.example")
          .containsEntry("access-control-allow-credentials", "true")
          .containsEntry("vary", "Origin")
          .containsKey("access-control-allow-methods")
          .containsKey("access-control-allow-headers")
          .containsEntry("access-control-max-age", "600");
      RawHttp.Reply denied = http.exchange("OPTIONS /hub HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n"
          + "Access-Control-Request-Method: POST\r\n\r\n");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.headers()).doesNotContainKey("access-control-allow-origin");
    }
  }

  @Test
  void addsCorsHeadersToEventStreamsAndResponses() throws Exception {
    try (SseClient client = SseClient.open(port, "/hub", "Origin: https://app.example\r\n")) {
      assertThat(client.headers()).containsEntry("access-control-allow-origin", "https://app.example")
          .containsEntry("access-control-expose-headers", "Mercure-Last-Event-ID");
    }
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply reply = http.exchange("GET /hello HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n\r\n");
      assertThat(reply.headers()).containsEntry("access-control-allow-origin", "https://app.example");
    }
  }

  @Test
  void servesClasspathResourcesWithTypesAndRevalidation() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply index = http.exchange("GET /static/ HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(index.status()).isEqualTo(200);
      assertThat(index.headers()).containsEntry("content-type", "text/html; charset=utf-8")
          .containsEntry("cache-control", "no-cache");
      assertThat(index.body()).contains("<title>t</title>");
      RawHttp.Reply css = http.exchange("GET /static/sub/app.css HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(css.headers()).containsEntry("content-type", "text/css; charset=utf-8");
      String etag = index.headers().get("etag");
      RawHttp.Reply cached = http.exchange("GET /static/index.html HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + "\r\n\r\n");
      assertThat(cached.status()).isEqualTo(304);
      for (String path : List.of("/static/../pom.xml", "/static/%2e%2e/x", "/static/missing.js")) {
        assertThat(http.exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).as(path).isEqualTo(404);
      }
    }
  }
}
