package dev.sluice.cli.conformance;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.ServerSentEvent;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One dispatched event as a page sees it: a {@code MessageEvent}'s {@code type}, {@code data} and
 * {@code lastEventId}. Equality is exact, string by string; {@link #toString} escapes everything
 * outside printable ASCII so a failing diff shows invisible differences (U+FFFD, NUL, BOM).
 */
record Dispatched(String type, String lastEventId, String data) {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final ObjectMapper ESCAPING = JsonMapper.builder()
      .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
      .build();

  Dispatched {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(lastEventId, "lastEventId");
    Objects.requireNonNull(data, "data");
  }

  static Dispatched of(ServerSentEvent event) {
    return new Dispatched(event.type(), event.id().orElse(""), event.data());
  }

  /** Reads {@code {"type":…,"lastEventId":…,"data":…}} in any key order; other keys are refused. */
  static Dispatched fromJson(JsonNode node) {
    if (node.size() != 3) throw new IllegalArgumentException("not an event: " + node);
    return new Dispatched(text(node, "type"), text(node, "lastEventId"), text(node, "data"));
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) throw new IllegalArgumentException("no string " + field + " in " + node);
    return value.textValue();
  }

  /** {@code text} as a JSON string literal with everything outside printable ASCII escaped. */
  static String escape(String text) {
    try {
      return ESCAPING.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    try {
      return ESCAPING.writeValueAsString(ESCAPING.createObjectNode()
          .put("type", type).put("lastEventId", lastEventId).put("data", data));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
