package dev.sluice.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.hub.spi.StoredUpdate;
import java.util.OptionalLong;

/**
 * Folds one response's log records into its current response object: the last snapshot an event
 * carried, with the text deltas stored since. Not thread-safe; one owner at a time.
 */
public final class ResponseFold {
  private ObjectNode snapshot; // The response from the latest event that carried one.
  private final StringBuilder text = new StringBuilder();
  private String itemId;
  private String owner;
  private long metaStoredAtMillis = -1;
  private long lastHeardMillis = -1;
  private long lastSequence = -1;
  private boolean terminal;

  /** Takes one record of this response, in log order; returns its sequence number, if it is an event. */
  public OptionalLong accept(StoredUpdate stored) {
    lastHeardMillis = Math.max(lastHeardMillis, stored.storedAt().toEpochMilli());
    String type = LogRecords.typeOf(stored);
    if (type.equals(LogRecords.TYPE_META)) {
      ObjectNode meta = Json.read(stored.update().data());
      owner = meta.path("owner").asText();
      metaStoredAtMillis = stored.storedAt().toEpochMilli();
    }
    OptionalLong sequence = LogRecords.sequenceOf(stored);
    if (sequence.isEmpty() || sequence.getAsLong() <= lastSequence) return sequence;
    lastSequence = sequence.getAsLong();
    ObjectNode event = Json.read(stored.update().data());
    if (event.has("response")) snapshot = (ObjectNode) event.get("response");
    if (type.equals("response.output_item.added")) itemId = event.path("item").path("id").asText();
    if (type.equals("response.output_text.delta")) text.append(event.path("delta").asText());
    if (LogRecords.isTerminal(type)) terminal = true;
    return sequence;
  }

  /** Notes that the generating node was heard from now (a live record), by the reader's clock. */
  public void heard(long nowMillis) {
    lastHeardMillis = Math.max(lastHeardMillis, nowMillis);
  }

  public boolean hasMeta() {
    return owner != null;
  }

  public String owner() {
    return owner;
  }

  public long metaStoredAtMillis() {
    return metaStoredAtMillis;
  }

  public long lastHeardMillis() {
    return lastHeardMillis;
  }

  public long lastSequence() {
    return lastSequence;
  }

  public boolean isTerminal() {
    return terminal;
  }

  public String text() {
    return text.toString();
  }

  /** The response object as of the records seen: terminal snapshots as stored, others with the text so far. */
  public ObjectNode response() {
    if (snapshot == null) return null;
    ObjectNode response = snapshot.deepCopy();
    if (!terminal && itemId != null) {
      response.putArray("output").add(ResponseEvents.message(itemId, "in_progress", text.toString()));
    }
    return response;
  }

  /**
   * The response as failed because its node stopped: what readers see once the lease deadline passed
   * without a word from the generating node.
   */
  public ObjectNode lostResponse() {
    ObjectNode response = response();
    if (response == null) return null;
    response.put("status", "failed");
    response.set("error", ResponseEvents.error("server_error",
        "the node generating this response stopped before finishing it"));
    if (itemId != null) {
      response.putArray("output").add(ResponseEvents.message(itemId, "incomplete", text.toString()));
    }
    return response;
  }
}
