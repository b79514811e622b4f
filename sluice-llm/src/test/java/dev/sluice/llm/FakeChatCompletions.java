package dev.sluice.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.ServerSentEvent;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real OpenAI-compatible Chat Completions server on loopback: answers {@code POST
 * /v1/chat/completions} with {@code stream: true} by streaming {@code chunks} content deltas
 * ("w0 ", "w1 ", …) one per {@code interval}, a usage chunk and {@code [DONE]}. Records each request
 * and counts streams the client closed.
 */
final class FakeChatCompletions implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
  final BlockingQueue<String> authorizations = new LinkedBlockingQueue<>();
  final CountDownLatch streamClosedEarly = new CountDownLatch(1);
  private final SseServer server;

  FakeChatCompletions(int chunks, Duration interval, int status) {
    server = SseServer.builder().bindAddress("127.0.0.1").port(0)
        .post("/v1/chat/completions", request -> {
          requests.add(JSON.readTree(request.body()));
          authorizations.add(request.header("Authorization").orElse(""));
          if (status != 200) return Response.text(status, "upstream says no");
          return Response.sse(stream -> streamChunks(stream, chunks, interval));
        })
        .build();
    server.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.port() + "/v1");
  }

  static String expectedText(int chunks) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < chunks; i++) text.append('w').append(i).append(' ');
    return text.toString();
  }

  private void streamChunks(SseStream stream, int chunks, Duration interval) {
    int[] sent = {0}; // Stream's event loop only.
    stream.onClose(() -> {
      if (sent[0] <= chunks) streamClosedEarly.countDown();
    });
    stream.scheduler().scheduleAtFixedRate(() -> {
      if (sent[0] < chunks) {
        stream.send(ServerSentEvent.of("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"w" + sent[0] + " \"},\"finish_reason\":null}]}"));
      } else if (sent[0] == chunks) {
        stream.send(ServerSentEvent.of("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":" + chunks + ",\"total_tokens\":" + (7 + chunks) + "}}"));
        stream.send(ServerSentEvent.of("[DONE]"));
        sent[0]++;
        stream.close();
        return;
      } else {
        return;
      }
      sent[0]++;
    }, interval, interval);
  }

  @Override
  public void close() {
    server.stop(Duration.ofSeconds(2));
  }
}
