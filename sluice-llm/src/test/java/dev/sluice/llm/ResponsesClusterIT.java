package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseRetrieveParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two relay nodes on one real Redis log, driven by the official OpenAI Java SDK: drop and resume,
 * resume on the other node, cancel from the other node, idempotent create across nodes, and a node
 * that dies mid-generation.
 */
class ResponsesClusterIT {
  private static final LlmLimits LIMITS = LlmLimits.DEFAULT.withLease(Duration.ofMillis(200), Duration.ofMillis(1500));

  private static LocalRedis redis;
  private static RelayNode a;
  private static RelayNode b;

  @BeforeAll
  static void startCluster() throws Exception {
    redis = LocalRedis.start();
    ModelUpstream model = DemoModel.builder().tokens(150).tokenInterval(Duration.ofMillis(10)).build();
    a = new RelayNode(redis.uri(), "a", model, LIMITS);
    b = new RelayNode(redis.uri(), "b", model, LIMITS);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (a != null) a.close();
    if (b != null) b.close();
    if (redis != null) redis.close();
  }

  private static OpenAIClient client(RelayNode node) {
    return OpenAIOkHttpClient.builder().baseUrl(node.baseUrl()).apiKey("dev").maxRetries(0)
        .timeout(Duration.ofSeconds(30)).build();
  }

  private static ResponseCreateParams prompt(String input) {
    return ResponseCreateParams.builder().model("sluice-demo").input(input).background(true).build();
  }

  /** Reads a created stream until {@code deltas} text deltas arrived, then drops it. */
  private static Transcript readThenDrop(OpenAIClient client, String input, int deltas) throws Exception {
    Transcript transcript = new Transcript();
    int seen = 0;
    try (RecordingStream stream = new RecordingStream(client.responses().createStreaming(prompt(input)))) {
      while (seen < deltas) {
        ResponseStreamEvent event = stream.next();
        assertThat(event).as("stream ended early").isNotNull();
        if (transcript.add(event).equals("response.output_text.delta")) seen++;
      }
    }
    return transcript;
  }

  /** Resumes after what {@code transcript} saw and reads to the end of the stream. */
  private static void resumeToEnd(OpenAIClient client, Transcript transcript) throws Exception {
    ResponseRetrieveParams params = ResponseRetrieveParams.builder().startingAfter(transcript.lastSequence()).build();
    try (RecordingStream stream = new RecordingStream(client.responses().retrieveStreaming(transcript.responseId, params))) {
      for (ResponseStreamEvent event = stream.next(); event != null; event = stream.next()) transcript.add(event);
    }
  }

  @Test
  void resumedStreamContinuesExactlyWhereTheDroppedOneStopped() throws Exception {
    OpenAIClient client = client(a);
    Transcript transcript = readThenDrop(client, "why resumable streams?", 5);
    double resumedBefore = a.counter(LlmMeters.GENERATIONS_RESUMED);

    resumeToEnd(client, transcript);

    assertThat(transcript.lastType).isEqualTo("response.completed");
    transcript.assertContiguousFromZero();
    String finalText = Transcript.outputText(transcript.finalResponse);
    assertThat(transcript.deltas.toString()).isEqualTo(finalText);
    assertThat(finalText.split(" ")).hasSize(150);
    assertThat(transcript.finalResponse.usage()).hasValueSatisfying(u -> assertThat(u.outputTokens()).isEqualTo(150));
    assertThat(a.counter(LlmMeters.GENERATIONS_RESUMED)).isEqualTo(resumedBefore + 1);
    Response fetched = client.responses().retrieve(transcript.responseId);
    assertThat(fetched.status()).contains(ResponseStatus.COMPLETED);
    assertThat(Transcript.outputText(fetched)).isEqualTo(finalText);
  }

  @Test
  void streamStartedOnOneNodeResumesOnTheOther() throws Exception {
    Transcript transcript = readThenDrop(client(a), "resume elsewhere", 3);

    resumeToEnd(client(b), transcript);

    assertThat(transcript.lastType).isEqualTo("response.completed");
    transcript.assertContiguousFromZero();
    assertThat(transcript.deltas.toString()).isEqualTo(Transcript.outputText(transcript.finalResponse));
  }

  @Test
  void cancelOnTheOtherNodeStopsTheGeneration() throws Exception {
    ModelUpstream endless = DemoModel.builder().tokens(100_000).tokenInterval(Duration.ofMillis(10)).build();
    try (RelayNode c = new RelayNode(redis.uri(), "c", endless, LIMITS)) {
      cancelOnTheOtherNodeStops(c);
    }
  }

  private static void cancelOnTheOtherNodeStops(RelayNode a) throws Exception {
    OpenAIClient client = client(a);
    double cancelledBefore = a.counter(LlmMeters.GENERATIONS_CANCELLED);
    Transcript transcript = new Transcript();
    try (RecordingStream stream = new RecordingStream(client.responses().createStreaming(prompt("stop me")))) {
      int deltas = 0;
      while (deltas < 3) {
        if (transcript.add(stream.next()).equals("response.output_text.delta")) deltas++;
      }
      Response cancelled = client(b).responses().cancel(transcript.responseId);
      assertThat(cancelled.status()).contains(ResponseStatus.CANCELLED);
      for (ResponseStreamEvent event = stream.next(); event != null; event = stream.next()) transcript.add(event);
    }
    assertThat(transcript.lastType).isEqualTo("response.cancelled");
    transcript.assertContiguousFromZero();
    assertThat(transcript.deltas.toString().split(" ")).hasSizeLessThan(100_000);
    assertThat(a.counter(LlmMeters.GENERATIONS_CANCELLED)).isEqualTo(cancelledBefore + 1);
    assertThat(a.relay.runningGenerations()).isZero();
    assertThat(client.responses().retrieve(transcript.responseId).status()).contains(ResponseStatus.CANCELLED);
  }

  @Test
  void sameIdempotencyKeyOnTwoNodesStartsOneGeneration() throws Exception {
    double startedBefore = a.counter(LlmMeters.GENERATIONS_STARTED) + b.counter(LlmMeters.GENERATIONS_STARTED);
    HttpClient http = HttpClient.newHttpClient();
    String body = "{\"model\":\"sluice-demo\",\"input\":\"once only\",\"background\":true}";
    HttpResponse<String> first = http.send(createRequest(a, body, "key-1"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = http.send(createRequest(b, body, "key-1"), HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    String id = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(first.body()).path("id").asText();
    assertThat(id).as(first.body()).startsWith("resp_");
    assertThat(second.body()).contains("\"id\":\"" + id + "\"");
    assertThat(a.counter(LlmMeters.GENERATIONS_STARTED) + b.counter(LlmMeters.GENERATIONS_STARTED))
        .isEqualTo(startedBefore + 1);
  }

  @Test
  void readersOfADeadNodesGenerationGetAFailedEventWithinTheDeadline() throws Exception {
    ModelUpstream slow = DemoModel.builder().tokens(10_000).tokenInterval(Duration.ofMillis(20)).build();
    RelayNode doomed = new RelayNode(redis.uri(), "doomed", slow, LIMITS);
    Transcript transcript;
    try {
      transcript = readThenDrop(client(doomed), "die midway", 3);
    } catch (Throwable t) {
      doomed.close();
      throw t;
    }
    ResponseRetrieveParams params = ResponseRetrieveParams.builder().startingAfter(transcript.lastSequence()).build();
    try (RecordingStream stream = new RecordingStream(client(b).responses().retrieveStreaming(transcript.responseId, params))) {
      transcript.add(stream.next()); // The generation is alive and streaming on the other node.
      long diedAt = System.nanoTime();
      doomed.die();
      for (ResponseStreamEvent event = stream.next(); event != null; event = stream.next()) transcript.add(event);
      assertThat(Duration.ofNanos(System.nanoTime() - diedAt)).isLessThan(Duration.ofSeconds(15));
    }
    assertThat(transcript.lastType).isEqualTo("response.failed");
    transcript.assertContiguousFromZero();
    assertThat(transcript.finalResponse.error()).hasValueSatisfying(e ->
        assertThat(e.message()).contains("stopped before finishing"));
    assertThat(client(b).responses().retrieve(transcript.responseId).status()).contains(ResponseStatus.FAILED);
  }

  private static HttpRequest createRequest(RelayNode node, String body, String key) {
    return HttpRequest.newBuilder(URI.create(node.baseUrl() + "/responses"))
        .header("Content-Type", "application/json").header("Idempotency-Key", key)
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
