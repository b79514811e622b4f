package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.LeakCheck;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asynchronous routes on a real loopback server that also has a handler executor: the handler runs
 * on the event loop, the answer is written when its stage completes (on whatever thread), failures
 * become statuses, and a kept-alive connection answers its requests in order.
 */
@ExtendWith(LeakCheck.class)
class AsyncRoutesIT {
  private final ExecutorService blocking = Executors.newFixedThreadPool(2);
  /** Requests to /later wait here until the test completes them. */
  private final BlockingQueue<CompletableFuture<Response>> pending = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> handlerThreads = new LinkedBlockingQueue<>();
  private SseServer server;
  private int port;

  @BeforeEach
  void start() {
    server = SseServer.builder().port(0).bindAddress("127.0.0.1")
        .handlerExecutor(blocking)
        .routeAsync("POST", "/later", request -> {
          handlerThreads.add(Thread.currentThread().getName());
          CompletableFuture<Response> answer = new CompletableFuture<>();
          pending.add(answer);
          return answer;
        })
        .routeAsync("GET", "/now", request -> CompletableFuture.completedFuture(
            Response.text("now " + request.query("n").orElse("?"))))
        .routeAsync("GET", "/conflict", request -> CompletableFuture.failedFuture(
            new HttpStatusException(409, "already there")))
        .routeAsync("GET", "/throws", request -> {
          throw new IllegalStateException("secret internal detail");
        })
        .routeAsync("GET", "/null", request -> null)
        .get("/sync", request -> {
          handlerThreads.add(Thread.currentThread().getName());
          return Response.text("sync");
        })
        .build();
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.stop(Duration.ofSeconds(5));
    blocking.shutdownNow();
  }

  @Test
  void answersWhenTheStageCompletesOnAnotherThreadAndRunsOnTheEventLoop() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
      CompletableFuture<Response> answer = pending.poll(10, TimeUnit.SECONDS);
      assertThat(answer).as("the handler ran and is waiting").isNotNull();
      assertThat(handlerThreads.poll(10, TimeUnit.SECONDS)).as("not on the handler executor")
          .startsWith("sluice-io");
      Thread completer = new Thread(() -> answer.complete(Response.text(201, "stored")), "store-thread");
      completer.start();
      RawHttp.Reply reply = http.read();
      assertThat(reply.status()).isEqualTo(201);
      assertThat(reply.body()).isEqualTo("stored");
      assertThat(reply.headers()).containsEntry("connection", "keep-alive");
    }
  }

  @Test
  void syncRoutesStillRunOnTheHandlerExecutor() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /sync HTTP/1.1\r\nHost: x\r\n\r\n").body()).isEqualTo("sync");
      assertThat(handlerThreads.poll(10, TimeUnit.SECONDS)).doesNotStartWith("sluice-io");
    }
  }

  @Test
  void keptAliveConnectionAnswersPipelinedRequestsInOrderAcrossALateAnswer() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
          + "GET /now?n=2 HTTP/1.1\r\nHost: x\r\n\r\n");
      CompletableFuture<Response> first = pending.poll(10, TimeUnit.SECONDS);
      first.complete(Response.text("first"));
      assertThat(http.read().body()).isEqualTo("first");
      assertThat(http.read().body()).isEqualTo("now 2");
    }
  }

  @Test
  void failedStageBecomesItsStatusAndOtherFailuresA500WithoutDetail() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply conflict = http.exchange("GET /conflict HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(conflict.status()).isEqualTo(409);
      assertThat(conflict.body()).isEqualTo("already there\n");
      RawHttp.Reply thrown = http.exchange("GET /throws HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(thrown.status()).isEqualTo(500);
      assertThat(thrown.body()).doesNotContain("secret");
      RawHttp.Reply nothing = http.exchange("GET /null HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(nothing.status()).isEqualTo(500);
    }
  }

  @Test
  void answerForAConnectionThatClosedMeanwhileIsDropped() throws Exception {
    CompletableFuture<Response> answer;
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
      answer = pending.poll(10, TimeUnit.SECONDS);
    }
    // Whether or not the server has seen the close yet, the late answer must not throw or leak.
    answer.complete(Response.text("too late"));
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /now?n=3 HTTP/1.1\r\nHost: x\r\n\r\n").body()).isEqualTo("now 3");
    }
  }
}
