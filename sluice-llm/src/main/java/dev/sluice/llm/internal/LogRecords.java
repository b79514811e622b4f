package dev.sluice.llm.internal;

import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import java.util.OptionalLong;

/**
 * How one response lives in the shared log: every record of response {@code R} is a private update
 * on the topic {@code urn:sluice:llm:response:R}, and its event id says what it is.
 *
 * <table>
 *   <caption>Records of one response, in log order</caption>
 *   <tr><th>event id</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code urn:sluice:llm:R:claim:<uuid>}</td><td>{@code sluice.claim}</td>
 *       <td>an idempotent create's bid; the first in log order wins</td></tr>
 *   <tr><td>{@code urn:sluice:llm:R:meta}</td><td>{@code sluice.meta}</td>
 *       <td>owner subject, generating node, lease deadline: written before any event</td></tr>
 *   <tr><td>{@code urn:sluice:llm:R:<n>}</td><td>the Responses event type</td>
 *       <td>the event with {@code sequence_number} n, its JSON as data</td></tr>
 *   <tr><td>{@code urn:sluice:llm:R:lease:<uuid>}</td><td>{@code sluice.lease}</td>
 *       <td>"still generating", when no event was written for a while</td></tr>
 *   <tr><td>{@code urn:sluice:llm:R:cancel:<uuid>}</td><td>{@code sluice.cancel}</td>
 *       <td>a cancel request from any node, heard by the generating node</td></tr>
 * </table>
 *
 * <p>So the sequence number maps to a log id by name, not by position: resuming after {@code n}
 * asks the log for what follows {@code urn:sluice:llm:R:n}, and a read from the start asks for
 * what follows the meta record (which the log returns as the anchor).
 */
public final class LogRecords {
  public static final String TOPIC_PREFIX = "urn:sluice:llm:response:";
  public static final String TYPE_META = "sluice.meta";
  public static final String TYPE_CLAIM = "sluice.claim";
  public static final String TYPE_LEASE = "sluice.lease";
  public static final String TYPE_CANCEL = "sluice.cancel";

  private LogRecords() {}

  public static String topic(String responseId) {
    return TOPIC_PREFIX + responseId;
  }

  public static String metaId(String responseId) {
    return "urn:sluice:llm:" + responseId + ":meta";
  }

  public static String eventId(String responseId, long sequence) {
    return "urn:sluice:llm:" + responseId + ":" + sequence;
  }

  public static String uniqueId(String responseId, String kind) {
    return "urn:sluice:llm:" + responseId + ":" + kind + ":" + java.util.UUID.randomUUID();
  }

  public static Update record(String responseId, String id, String type, String data) {
    return Update.builder().id(id).topic(topic(responseId)).type(type).data(data).privateUpdate(true).build();
  }

  /** The response a record belongs to, or null when it is not a relay record. */
  public static String responseIdOf(StoredUpdate stored) {
    String topic = stored.update().topic();
    return topic.startsWith(TOPIC_PREFIX) ? topic.substring(TOPIC_PREFIX.length()) : null;
  }

  public static String typeOf(StoredUpdate stored) {
    return stored.update().type().orElse("");
  }

  /** The sequence number of an event record, empty for the relay's own records. */
  public static OptionalLong sequenceOf(StoredUpdate stored) {
    String type = typeOf(stored);
    if (type.startsWith("sluice.")) {
      return OptionalLong.empty();
    }
    String id = stored.id();
    int colon = id.lastIndexOf(':');
    try {
      return OptionalLong.of(Long.parseLong(id.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Whether an event type ends a response. */
  public static boolean isTerminal(String type) {
    return type.equals("response.completed") || type.equals("response.failed")
        || type.equals("response.incomplete") || type.equals("response.cancelled");
  }
}
