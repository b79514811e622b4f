package dev.sluice.demo.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The demo's one JSON mapper and the body checks its POST endpoints share. Thread-safe. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // A tree of plain nodes always serializes.
    }
  }

  /** The body as a JSON object, if it is one. */
  static Optional<ObjectNode> parseObject(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return node instanceof ObjectNode ? Optional.of((ObjectNode) node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The request body as a JSON object, or {@code 400}. */
  static ObjectNode requireObject(Request request) {
    return parseObject(request.body()).orElseThrow(() ->
        new HttpStatusException(400, "request body must be a JSON object"));
  }

  /**
   * A string field that must be present, not blank and at most {@code maxLength} code points long,
   * or {@code 400} naming the field.
   */
  static String requireText(ObjectNode body, String field, int maxLength) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new HttpStatusException(400, "\"" + field + "\" must be a non-empty string");
    }
    return checkLength(field, value.asText(), maxLength);
  }

  /** An optional string field, at most {@code maxLength} code points long, or {@code 400}. */
  static Optional<String> optionalText(ObjectNode body, String field, int maxLength) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isTextual()) throw new HttpStatusException(400, "\"" + field + "\" must be a string");
    String text = value.asText().strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(checkLength(field, text, maxLength));
  }

  private static String checkLength(String field, String text, int maxLength) {
    if (text.codePointCount(0, text.length()) > maxLength) {
      throw new HttpStatusException(400, "\"" + field + "\" is longer than " + maxLength + " characters");
    }
    return text;
  }
}
