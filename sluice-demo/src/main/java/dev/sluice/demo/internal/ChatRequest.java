package dev.sluice.demo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of an OpenAI {@code POST /v1/chat/completions} request the demo uses, checked the way
 * OpenAI checks them: anything malformed is an {@link Invalid} naming the parameter.
 *
 * @param maxTokens the most completion tokens to generate
 */
record ChatRequest(String model, List<Message> messages, boolean stream, boolean includeUsage, int maxTokens) {
  /** More messages than this are refused, to bound the work one request can ask for. */
  static final int MAX_MESSAGES = 256;
  /** The default and largest {@code max_tokens}. */
  static final int MAX_TOKENS = 1024;
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

  record Message(String role, String content) {}

  /** A request OpenAI would refuse with {@code 400 invalid_request_error}. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String param; // Null when no single parameter is at fault.

    Invalid(String param, String message) {
      super(message, null, false, false);
      this.param = param;
    }
  }

  static ChatRequest parse(byte[] body) {
    ObjectNode json = Json.parseObject(body).orElseThrow(() ->
        new Invalid(null, "We could not parse the JSON body of your request: it must be a JSON object."));
    JsonNode model = json.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw new Invalid("model", "you must provide a model parameter");
    }
    List<Message> messages = messages(json.get("messages"));
    boolean stream = flag(json, "stream");
    boolean includeUsage = false;
    JsonNode options = json.get("stream_options");
    if (options != null && !options.isNull()) {
      if (!options.isObject()) throw new Invalid("stream_options", "stream_options must be an object");
      if (!stream) throw new Invalid("stream_options", "stream_options is only allowed when stream is true");
      includeUsage = flag((ObjectNode) options, "include_usage");
    }
    JsonNode n = json.get("n");
    if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asLong() == 1)) {
      throw new Invalid("n", "this server generates one choice: n must be 1");
    }
    int maxTokens = maxTokens(json, "max_completion_tokens").or(() -> maxTokens(json, "max_tokens")).orElse(MAX_TOKENS);
    return new ChatRequest(model.asText(), messages, stream, includeUsage, maxTokens);
  }

  /** The text to answer: the last user message, or failing that the last message. */
  String prompt() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) return messages.get(i).content();
    }
    return messages.get(messages.size() - 1).content();
  }

  private static List<Message> messages(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new Invalid("messages", "messages must be a non-empty array");
    }
    if (node.size() > MAX_MESSAGES) throw new Invalid("messages", "at most " + MAX_MESSAGES + " messages");
    List<Message> messages = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode message = node.get(i);
      String at = "messages[" + i + "]";
      if (!message.isObject()) throw new Invalid(at, at + " must be an object");
      JsonNode role = message.get("role");
      if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
        throw new Invalid(at + ".role", at + ".role must be one of " + String.join(", ", ROLES.stream().sorted().toList()));
      }
      messages.add(new Message(role.asText(), content(message.get("content"), at + ".content")));
    }
    return messages;
  }

  /** A string, or an array of {@code {"type":"text","text":...}} parts joined together. */
  private static String content(JsonNode node, String at) {
    if (node != null && node.isTextual()) return node.asText();
    if (node != null && node.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : node) {
        JsonNode partText = part.get("text");
        if (!part.isObject() || !"text".equals(part.path("type").asText()) || partText == null || !partText.isTextual()) {
          throw new Invalid(at, at + " parts must be {\"type\": \"text\", \"text\": \"...\"}");
        }
        text.append(partText.asText());
      }
      return text.toString();
    }
    throw new Invalid(at, at + " must be a string or an array of text parts");
  }

  private static boolean flag(ObjectNode json, String name) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) return false;
    if (!value.isBoolean()) throw new Invalid(name, name + " must be a boolean");
    return value.asBoolean();
  }

  private static Optional<Integer> maxTokens(ObjectNode json, String name) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_TOKENS) {
      throw new Invalid(name, name + " must be an integer from 1 to " + MAX_TOKENS);
    }
    return Optional.of(value.asInt());
  }
}
