package dev.sluice.llm.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the Responses API objects and stream events with the field names the official SDKs read
 * ({@code com.openai:openai-java}'s {@code ResponseStreamEvent} family): one response with one
 * assistant message holding one {@code output_text} part. Stateless; numbering is the caller's.
 */
public final class ResponseEvents {
  private ResponseEvents() {}

  /** The response object at creation: status {@code in_progress}, no output yet. */
  public static ObjectNode response(String id, String model, long createdAtSeconds, boolean background,
      String instructions) {
    ObjectNode r = Json.object();
    r.put("id", id);
    r.put("object", "response");
    r.put("created_at", createdAtSeconds);
    r.put("status", "in_progress");
    r.put("background", background);
    r.putNull("error");
    r.putNull("incomplete_details");
    if (instructions == null) r.putNull("instructions"); else r.put("instructions", instructions);
    r.putObject("metadata");
    r.put("model", model);
    r.putArray("output");
    r.put("parallel_tool_calls", true);
    r.put("temperature", 1.0);
    r.put("tool_choice", "auto");
    r.putArray("tools");
    r.put("top_p", 1.0);
    r.putObject("text").putObject("format").put("type", "text");
    r.put("truncation", "disabled");
    r.putNull("usage");
    return r;
  }

  /** The assistant message item, with its text so far. */
  public static ObjectNode message(String itemId, String status, String text) {
    ObjectNode item = Json.object();
    item.put("id", itemId);
    item.put("type", "message");
    item.put("status", status);
    item.put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (text != null) content.add(textPart(text));
    return item;
  }

  public static ObjectNode textPart(String text) {
    ObjectNode part = Json.object();
    part.put("type", "output_text");
    part.put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  public static ObjectNode usage(long inputTokens, long outputTokens) {
    ObjectNode u = Json.object();
    u.put("input_tokens", inputTokens);
    u.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
    u.put("output_tokens", outputTokens);
    u.putObject("output_tokens_details").put("reasoning_tokens", 0);
    u.put("total_tokens", inputTokens + outputTokens);
    return u;
  }

  /** An event carrying a response snapshot: created, in_progress, completed, failed, … */
  public static ObjectNode withResponse(String type, long sequence, ObjectNode response) {
    ObjectNode e = event(type, sequence);
    e.set("response", response);
    return e;
  }

  public static ObjectNode itemEvent(String type, long sequence, ObjectNode item) {
    ObjectNode e = event(type, sequence);
    e.put("output_index", 0);
    e.set("item", item);
    return e;
  }

  public static ObjectNode partEvent(String type, long sequence, String itemId, String text) {
    ObjectNode e = event(type, sequence);
    e.put("item_id", itemId);
    e.put("output_index", 0);
    e.put("content_index", 0);
    e.set("part", textPart(text));
    return e;
  }

  public static ObjectNode delta(long sequence, String itemId, String delta) {
    ObjectNode e = event("response.output_text.delta", sequence);
    e.put("item_id", itemId);
    e.put("output_index", 0);
    e.put("content_index", 0);
    e.put("delta", delta);
    e.putArray("logprobs");
    return e;
  }

  public static ObjectNode textDone(long sequence, String itemId, String text) {
    ObjectNode e = event("response.output_text.done", sequence);
    e.put("item_id", itemId);
    e.put("output_index", 0);
    e.put("content_index", 0);
    e.put("text", text);
    e.putArray("logprobs");
    return e;
  }

  public static ObjectNode error(String code, String message) {
    ObjectNode error = Json.object();
    error.put("code", code);
    error.put("message", message);
    return error;
  }

  private static ObjectNode event(String type, long sequence) {
    ObjectNode e = Json.object();
    e.put("type", type);
    e.put("sequence_number", sequence);
    return e;
  }
}
