package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseRetrieveParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.hub.auth.TokenMinter;
import dev.sluice.hub.auth.TokenSpec;
import dev.sluice.server.testing.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay as {@code sluice serve} mounts it: on a real hub's own log through
 * {@link Hub.Builder#logRoutes}, with the hub's access tokens as the OpenAI SDK's API key
 * ({@link LlmAuthorizer#hubTokens}), its meters on the hub's {@code /metrics}.
 */
class HubRelayIT {
  private static final String SECRET = "hub-relay-test-secret-of-at-least-32-bytes!";
  private static final String ISSUER = "https://app.sluice.test";
  private static final String AUDIENCE = "https://hub.sluice.test/.well-known/mercure";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Hub hub;

  @BeforeAll
  static void startHub() {
    AuthConfig auth = AuthConfig.builder().keys(KeySource.hs256(SECRET)).issuer(ISSUER).audience(AUDIENCE)
        .build();
    HubConfig config = HubConfig.builder().port(0).bindAddress("127.0.0.1").store(HubConfig.Store.MEMORY)
        .auth(auth).build();
    ModelUpstream model = DemoModel.builder().tokens(60).tokenInterval(Duration.ofMillis(10)).build();
    hub = Hub.builder(config).logRoutes((server, log, registry) -> {
      LlmRelay relay = LlmRelay.builder().log(log).upstream(model).meterRegistry(registry)
          .authorizer(LlmAuthorizer.hubTokens(auth, "http://127.0.0.1/.well-known/mercure")).build();
      relay.mount(server);
      relay.start();
      return relay;
    }).build().start();
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) hub.stop(Duration.ofSeconds(2));
  }

  private static String token(TokenSpec.Builder spec) {
    return TokenMinter.hs256(SECRET).mint(spec.issuer(ISSUER).audience(AUDIENCE)
        .expiresAt(Instant.now().plus(Duration.ofHours(1))).build());
  }

  private static OpenAIClient client(String apiKey) {
    return OpenAIOkHttpClient.builder().baseUrl(hub.baseUrl() + "/v1").apiKey(apiKey).maxRetries(0)
        .timeout(Duration.ofSeconds(30)).build();
  }

  private static ResponseCreateParams prompt(String input) {
    return ResponseCreateParams.builder().model("sluice-demo").input(input).background(true).build();
  }

  /** Creates a response as {@code client}, drops the stream after a few deltas, resumes it to the end. */
  private static Transcript createDropResume(OpenAIClient client) throws Exception {
    Transcript transcript = new Transcript();
    try (RecordingStream stream = new RecordingStream(client.responses().createStreaming(prompt("resume me")))) {
      int deltas = 0;
      while (deltas < 3) {
        ResponseStreamEvent event = stream.next();
        assertThat(event).as("stream ended early").isNotNull();
        if (transcript.add(event).equals("response.output_text.delta")) deltas++;
      }
    }
    ResponseRetrieveParams after = ResponseRetrieveParams.builder().startingAfter(transcript.lastSequence()).build();
    try (RecordingStream stream = new RecordingStream(client.responses().retrieveStreaming(transcript.responseId, after))) {
      for (ResponseStreamEvent event = stream.next(); event != null; event = stream.next()) transcript.add(event);
    }
    return transcript;
  }

  @Test
  void aHubAccessTokenIsTheApiKeyAndTheOwnerResumes() throws Exception {
    OpenAIClient alice = client(token(TokenSpec.builder().subject("alice").publish("*")));

    Transcript transcript = createDropResume(alice);

    assertThat(transcript.lastType).isEqualTo("response.completed");
    transcript.assertContiguousFromZero();
    assertThat(transcript.deltas.toString()).isEqualTo(Transcript.outputText(transcript.finalResponse));
    Response fetched = alice.responses().retrieve(transcript.responseId);
    assertThat(fetched.status()).contains(ResponseStatus.COMPLETED);
    // Another token of the same subject is the same owner.
    OpenAIClient aliceAgain = client(token(TokenSpec.builder().subject("alice")));
    assertThat(aliceAgain.responses().retrieve(transcript.responseId).status()).contains(ResponseStatus.COMPLETED);
  }

  @Test
  void othersSeeNoSuchResponseUnlessTheirTokenGrantsSubscribeOnItsTopic() throws Exception {
    Transcript transcript = createDropResume(client(token(TokenSpec.builder().subject("alice").publish("*"))));
    String topic = "urn:sluice:llm:response:" + transcript.responseId;

    OpenAIClient bob = client(token(TokenSpec.builder().subject("bob").subscribe("urn:sluice:llm:response:other")));
    assertThatThrownBy(() -> bob.responses().retrieve(transcript.responseId)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> bob.responses().cancel(transcript.responseId)).isInstanceOf(NotFoundException.class);

    OpenAIClient auditor = client(token(TokenSpec.builder().subject("auditor").subscribe(topic)));
    Response seen = auditor.responses().retrieve(transcript.responseId);
    assertThat(Transcript.outputText(seen)).isEqualTo(Transcript.outputText(transcript.finalResponse));
  }

  @Test
  void creatingNeedsThePublishActionOnTheNewResponsesTopic() {
    OpenAIClient reader = client(token(TokenSpec.builder().subject("reader").subscribe("*")));
    assertThatThrownBy(() -> reader.responses().create(prompt("may I?"))).isInstanceOf(PermissionDeniedException.class);

    OpenAIClient otherTopics = client(token(TokenSpec.builder().subject("p").publish("https://example.com/books/1")));
    assertThatThrownBy(() -> otherTopics.responses().create(prompt("may I?"))).isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void aUrlPatternOnUrnTopicsGrantsCreatingWithoutTheWildcard() {
    OpenAIClient writer = client(token(TokenSpec.builder().subject("writer").claim("authorization_details", List.of(
        Map.of("type", "https://mercure.rocks/authorization-detail", "actions", List.of("publish"),
            "topics", List.of(Map.of("match", "urn:*", "match_type", "urlpattern")))))));

    assertThat(writer.responses().create(prompt("may I?")).status()).contains(ResponseStatus.IN_PROGRESS);
  }

  @Test
  void aTokenWithoutSubOwnsItsResponsesByTheTokenItself() throws Exception {
    String anonymousToken = token(TokenSpec.builder().publish("*"));
    Transcript transcript = createDropResume(client(anonymousToken));

    assertThat(client(anonymousToken).responses().retrieve(transcript.responseId).status())
        .contains(ResponseStatus.COMPLETED);
    OpenAIClient anotherWithoutSub = client(token(TokenSpec.builder().publish("*").claim("jti", "other")));
    assertThatThrownBy(() -> anotherWithoutSub.responses().retrieve(transcript.responseId))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void missingExpiredOrForgedTokensAre401WithABearerChallenge() throws Exception {
    for (String authorization : List.of("", "Bearer not-a-jwt",
        "Bearer " + TokenMinter.hs256("another-secret-of-at-least-32-bytes-long!!").mint(
            TokenSpec.builder().subject("mallory").publish("*").expiresAt(Instant.now().plusSeconds(60)).build()),
        "Bearer " + TokenMinter.hs256(SECRET).mint(
            TokenSpec.builder().subject("late").publish("*").expiresAt(Instant.now().minusSeconds(3600)).build()))) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/v1/responses"))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sluice-demo\",\"input\":\"hi\"}"));
      if (!authorization.isEmpty()) request.header("Authorization", authorization);
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(authorization).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }
    assertThatThrownBy(() -> client("sk-not-a-hub-token").responses().create(prompt("hi")))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void theRelaysMetersAreOnTheHubsMetricsEndpoint() throws Exception {
    createDropResume(client(token(TokenSpec.builder().subject("metrics").publish("*"))));

    HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("sluice_llm_generations_started_total", "sluice_llm_generations_resumed_total");
  }

  @Test
  void theRelaysRecordsArePrivateUpdatesOfTheHubsLog() throws Exception {
    Transcript transcript = createDropResume(client(token(TokenSpec.builder().subject("log").publish("*"))));
    HttpRequest request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/.well-known/mercure?match="
            + java.net.URLEncoder.encode("urn:sluice:llm:response:" + transcript.responseId, java.nio.charset.StandardCharsets.UTF_8)
            + "&last_event_id=earliest"))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token(TokenSpec.builder().subscribe("*")))
        .build();
    // A Mercure subscriber granted the topic replays the response's records from the hub's history.
    try (SseClient subscriber = SseClient.open(request.uri(), Map.of("Authorization", request.headers().firstValue("Authorization").orElseThrow()))) {
      assertThat(subscriber.status()).isEqualTo(200);
      List<String> types = new java.util.ArrayList<>();
      while (!types.contains("response.completed")) {
        types.add(subscriber.nextEvent(Duration.ofSeconds(10)).type());
      }
      assertThat(types).startsWith("sluice.meta", "response.created");
    }
  }
}
