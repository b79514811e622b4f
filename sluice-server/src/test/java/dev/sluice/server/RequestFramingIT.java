package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests whose framing cannot be trusted (RFC 9112 §6.1, §2.3) are refused and the connection
 * closed, so bytes after them are never answered as another request (request smuggling).
 */
@ExtendWith(LeakCheck.class)
class RequestFramingIT {
  private final AtomicInteger posts = new AtomicInteger();
  private SseServer server;
  private int port;

  @BeforeEach
  void start() {
    server = SseServer.builder().port(0)
        .get("/hello", request -> Response.text("hi"))
        .post("/echo", request -> {
          posts.incrementAndGet();
          return Response.text(request.bodyAsString());
        })
        .build();
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.stop(Duration.ofSeconds(5));
  }

  @Test
  void contentLengthBesideTransferEncodingIsRefusedAndTheConnectionClosed() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "0\r\n\r\n"
          + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"); // Smuggled: must never be answered.
      RawHttp.Reply reply = http.read();
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.body()).isEqualTo("Bad Request: both Content-Length and Transfer-Encoding\n");
      assertThat(reply.headers()).containsEntry("connection", "close");
      assertThat(http.closedByServer()).as("nothing answered after the refusal").isTrue();
    }
    assertThat(posts).hasValue(0);
  }

  @Test
  void anUnknownTransferCodingIsNotImplemented() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply reply = http.exchange(
          "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc");
      assertThat(reply.status()).isEqualTo(501);
      assertThat(reply.body()).isEqualTo("Not Implemented: transfer coding gzip\n");
      assertThat(http.closedByServer()).isTrue();
    }
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply reply = http.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
          + "3\r\nabc\r\n0\r\n\r\n");
      assertThat(reply.status()).isEqualTo(501);
      assertThat(http.closedByServer()).isTrue();
    }
    assertThat(posts).hasValue(0);
  }

  @Test
  void versionsOtherThanHttp1AreRefusedNotAnsweredAsHttp11() throws Exception {
    for (String version : new String[] {"HTTP/0.9", "HTTP/2.0", "HTTP/3.0"}) {
      try (RawHttp http = new RawHttp(port)) {
        RawHttp.Reply reply = http.exchange("GET /hello " + version + "\r\nHost: x\r\n\r\n");
        assertThat(reply.status()).as(version).isEqualTo(505);
        assertThat(http.closedByServer()).as(version).isTrue();
      }
    }
  }

  @Test
  void chunkedAndHttp10RequestsStillWork() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply chunked = http.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "3\r\nabc\r\n0\r\n\r\n");
      assertThat(chunked.status()).isEqualTo(200);
      assertThat(chunked.body()).isEqualTo("abc");
      assertThat(http.exchange("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
    }
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /hello HTTP/1.0\r\n\r\n").body()).isEqualTo("hi");
    }
  }
}
