package dev.sluice.redis.internal;

import dev.sluice.hub.spi.StoredUpdate;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Reads stream entries written by {@link Scripts#APPEND}: fields {@code n}, {@code i}, {@code u}. */
public final class Entries {
  static final String COUNTER = "n";
  static final String EVENT_ID = "i";
  static final String BODY = "u";

  private Entries() {}

  /** The stored update in {@code message}; its position and time come from the entry id. */
  public static StoredUpdate toStored(StreamMessage<String, byte[]> message) {
    Map<String, byte[]> body = message.getBody();
    byte[] id = body.get(EVENT_ID);
    byte[] encoded = body.get(BODY);
    if (id == null || encoded == null) {
      throw new IllegalStateException("entry " + message.getId() + " is not a Sluice update");
    }
    String entryId = message.getId();
    return new StoredUpdate(EntryCodec.decode(new String(id, StandardCharsets.UTF_8), encoded),
        StreamIds.toPosition(entryId), Instant.ofEpochMilli(StreamIds.millis(entryId)));
  }

  /** The entry's counter value, if it has one. */
  public static Optional<Long> counter(StreamMessage<String, byte[]> message) {
    byte[] n = message.getBody().get(COUNTER);
    if (n == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(new String(n, StandardCharsets.US_ASCII)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
