package dev.sluice.demo.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ServerSentEvent;
import dev.sluice.demo.DemoOptions;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/chat/completions}, shaped like OpenAI's, answered by {@link TextGenerator}: with
 * {@code "stream": true} a {@code text/event-stream} of {@code chat.completion.chunk} objects (the
 * role, one token each, the finish reason, the usage if {@code stream_options.include_usage}) and
 * then {@code data: [DONE]}; otherwise one {@code chat.completion} object. Bad requests get
 * {@code 400} with OpenAI's error object, so client libraries report them as usual.
 */
public final class ChatCompletions {
  static final Duration TOKEN_INTERVAL = Duration.ofMillis(40);
  static final ServerSentEvent DONE = ServerSentEvent.of("[DONE]");

  private final DemoOptions options;

  public ChatCompletions(DemoOptions options) {
    this.options = options;
  }

  public void mount(SseServer.Builder server) {
    server.post("/v1/chat/completions", this::complete);
  }

  private Response complete(Request request) {
    ChatRequest chat;
    try {
      chat = ChatRequest.parse(request.body());
    } catch (ChatRequest.Invalid e) {
      return Response.json(400, Json.write(error(e)));
    }
    Completion completion = new Completion(chat, "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
        options.clock().instant().getEpochSecond());
    if (!chat.stream()) return Response.json(Json.write(completion.whole()));
    return Response.sse(stream -> {
      List<ServerSentEvent> events = completion.chunks();
      Playback.play(stream, events.size(), options.scaled(TOKEN_INTERVAL), events::get);
    });
  }

  private static ObjectNode error(ChatRequest.Invalid invalid) {
    ObjectNode error = Json.object().put("message", invalid.getMessage()).put("type", "invalid_request_error");
    error.put("param", invalid.param);
    error.putNull("code");
    ObjectNode body = Json.object();
    body.set("error", error);
    return body;
  }

  /** One answer, as a whole object or as the chunks that stream it. */
  private static final class Completion {
    private final ChatRequest request;
    private final String id;
    private final long created;
    private final List<String> tokens;
    private final boolean truncated;

    Completion(ChatRequest request, String id, long created) {
      this.request = request;
      this.id = id;
      this.created = created;
      List<String> all = TextGenerator.tokens(TextGenerator.reply(request.prompt()));
      this.truncated = all.size() > request.maxTokens();
      this.tokens = truncated ? all.subList(0, request.maxTokens()) : all;
    }

    ObjectNode whole() {
      ObjectNode body = header("chat.completion");
      ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", String.join("", tokens)).putNull("refusal");
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason());
      body.set("usage", usage());
      return body;
    }

    /** The role, a chunk per token, the finish reason, the usage if asked for, then {@code [DONE]}. */
    List<ServerSentEvent> chunks() {
      ServerSentEvent[] events = new ServerSentEvent[tokens.size() + (request.includeUsage() ? 4 : 3)];
      int at = 0;
      events[at++] = chunk(Json.object().put("role", "assistant").put("content", ""), null);
      for (String token : tokens) events[at++] = chunk(Json.object().put("content", token), null);
      events[at++] = chunk(Json.object(), finishReason());
      if (request.includeUsage()) {
        ObjectNode last = header("chat.completion.chunk");
        last.putArray("choices");
        last.set("usage", usage());
        events[at++] = ServerSentEvent.of(Json.write(last));
      }
      events[at] = DONE;
      return List.of(events);
    }

    private ServerSentEvent chunk(ObjectNode delta, String finishReason) {
      ObjectNode chunk = header("chat.completion.chunk");
      ArrayNode choices = chunk.putArray("choices");
      ObjectNode choice = choices.addObject().put("index", 0);
      choice.set("delta", delta);
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason);
      if (request.includeUsage()) chunk.putNull("usage");
      return ServerSentEvent.of(Json.write(chunk));
    }

    private ObjectNode header(String object) {
      return Json.object().put("id", id).put("object", object).put("created", created).put("model", request.model());
    }

    private String finishReason() {
      return truncated ? "length" : "stop";
    }

    private ObjectNode usage() {
      int prompt = request.messages().stream().mapToInt(m -> TextGenerator.countTokens(m.content())).sum();
      return Json.object()
          .put("prompt_tokens", prompt)
          .put("completion_tokens", tokens.size())
          .put("total_tokens", prompt + tokens.size());
    }
  }
}
