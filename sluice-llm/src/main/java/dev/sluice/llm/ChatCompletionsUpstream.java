package dev.sluice.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.llm.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Any OpenAI-compatible Chat Completions endpoint as the model: {@code POST <base>/chat/completions}
 * with {@code stream: true}, whose {@code choices[0].delta.content} pieces become the response's
 * text deltas.
 *
 * <p>Each generation reads its upstream response on a thread of its own (the JDK client's line
 * stream blocks); the relay's concurrent-generation limit bounds how many there are. Stopping closes
 * the upstream connection, so the upstream stops generating (and billing) too.
 *
 * <pre>{@code
 * ModelUpstream upstream = ChatCompletionsUpstream.of(URI.create("https://api.openai.com/v1"),
 *     Optional.ofNullable(System.getenv("SLUICE_LLM_API_KEY")));
 * }</pre>
 */
public final class ChatCompletionsUpstream implements ModelUpstream {
  /** How long connecting may take. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** The longest one upstream generation may run. */
  public static final Duration GENERATION_TIMEOUT = Duration.ofMinutes(10);

  private final URI endpoint;
  private final Optional<String> apiKey;
  private final HttpClient client;
  private final ExecutorService readers;

  private ChatCompletionsUpstream(URI baseUri, Optional<String> apiKey) {
    String base = baseUri.toString();
    this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.readers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sluice-llm-upstream");
      t.setDaemon(true);
      return t;
    });
    this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(readers).build();
  }

  /**
   * @param baseUri the API base, e.g. {@code https://api.openai.com/v1}; {@code /chat/completions}
   *     is appended
   * @param apiKey sent as {@code Authorization: Bearer}; empty for an upstream that needs none
   */
  public static ChatCompletionsUpstream of(URI baseUri, Optional<String> apiKey) {
    return new ChatCompletionsUpstream(baseUri, apiKey);
  }

  /** The URL generations are posted to. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public Running start(Prompt prompt, TokenSink sink) {
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicReference<Stream<String>> body = new AtomicReference<>();
    Future<?> reader = readers.submit(() -> read(prompt, sink, stopped, body));
    return () -> {
      if (stopped.compareAndSet(false, true)) {
        Stream<String> lines = body.get();
        if (lines != null) lines.close(); // Closes the upstream connection.
        reader.cancel(true);
      }
    };
  }

  private void read(Prompt prompt, TokenSink sink, AtomicBoolean stopped, AtomicReference<Stream<String>> body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(GENERATION_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(requestBody(prompt))));
    apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
    try {
      HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = response.body()) {
        body.set(lines);
        if (stopped.get()) return;
        if (response.statusCode() != 200) {
          sink.fail("upstream answered HTTP " + response.statusCode());
          return;
        }
        relay(lines.iterator(), sink, stopped, Math.max(1, prompt.input().length() / 4));
      }
    } catch (IOException | RuntimeException e) {
      if (!stopped.get()) sink.fail("upstream unreachable: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void relay(Iterator<String> lines, TokenSink sink, AtomicBoolean stopped, long estimatedInput) {
    long outputTokens = 0;
    long inputTokens = estimatedInput;
    boolean usageSeen = false;
    while (!stopped.get() && lines.hasNext()) {
      String line = lines.next();
      if (!line.startsWith("data:")) continue; // Comments, event names, blank separators.
      String data = line.substring(5).strip();
      if (data.equals("[DONE]")) {
        sink.complete(inputTokens, outputTokens);
        return;
      }
      JsonNode chunk;
      try {
        chunk = Json.MAPPER.readTree(data);
      } catch (IOException e) {
        sink.fail("upstream sent a chunk that is not JSON");
        return;
      }
      JsonNode usage = chunk.path("usage");
      if (usage.isObject()) {
        inputTokens = usage.path("prompt_tokens").asLong(inputTokens);
        outputTokens = usage.path("completion_tokens").asLong(outputTokens);
        usageSeen = true;
      }
      JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
      if (content.isTextual() && !content.asText().isEmpty()) {
        sink.delta(content.asText());
        if (!usageSeen) outputTokens++; // One chunk is about one token; the usage chunk corrects it.
      }
    }
    if (!stopped.get()) sink.fail("upstream stream ended without [DONE]");
  }

  private static ObjectNode requestBody(Prompt prompt) {
    ObjectNode body = Json.object();
    body.put("model", prompt.model());
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    if (prompt.maxOutputTokens() > 0) body.put("max_tokens", prompt.maxOutputTokens());
    ArrayNode messages = body.putArray("messages");
    if (prompt.instructions() != null) {
      messages.addObject().put("role", "system").put("content", prompt.instructions());
    }
    messages.addObject().put("role", "user").put("content", prompt.input());
    return body;
  }
}
