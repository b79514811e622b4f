package dev.sluice.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.llm.ModelUpstream;
import dev.sluice.server.HttpStatusException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a {@code POST /v1/responses} body the relay uses: {@code model}, {@code input} (a
 * string, or messages whose text parts are joined), {@code instructions}, {@code stream},
 * {@code background} and {@code max_output_tokens}. Anything else is ignored, as a proxy should.
 */
public record CreateRequest(ModelUpstream.Prompt prompt, boolean stream, boolean background) {

  /** Parses the body; a body the relay cannot use is a {@code 400} with the reason. */
  public static CreateRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new HttpStatusException(400, "request body is not JSON");
    }
    if (root == null || !root.isObject()) throw new HttpStatusException(400, "request body is not a JSON object");
    JsonNode model = root.path("model");
    if (!model.isTextual() || model.asText().isBlank() || model.asText().length() > 200) {
      throw new HttpStatusException(400, "model is required (a string)");
    }
    String input = inputText(root.path("input"));
    if (input.isBlank()) throw new HttpStatusException(400, "input is required (a string or messages with text)");
    JsonNode instructions = root.path("instructions");
    JsonNode maxTokens = root.path("max_output_tokens");
    if (!maxTokens.isMissingNode() && !maxTokens.isNull() && (!maxTokens.canConvertToInt() || maxTokens.asInt() < 1)) {
      throw new HttpStatusException(400, "max_output_tokens must be a positive integer");
    }
    return new CreateRequest(
        new ModelUpstream.Prompt(model.asText(), instructions.isTextual() ? instructions.asText() : null, input,
            maxTokens.isNumber() ? maxTokens.asInt() : 0),
        root.path("stream").asBoolean(false), root.path("background").asBoolean(false));
  }

  private static String inputText(JsonNode input) {
    if (input.isTextual()) return input.asText();
    if (!input.isArray()) return "";
    List<String> texts = new ArrayList<>();
    for (JsonNode message : input) {
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        texts.add(content.asText());
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          if (part.path("text").isTextual()) texts.add(part.path("text").asText());
        }
      }
    }
    return String.join("\n", texts);
  }
}
