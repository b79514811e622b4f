package dev.sluice.publisher;

import java.security.SecureRandom;
import java.util.UUID;

/** Event ids the publisher makes when the caller gives none. Thread-safe. */
final class EventIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * {@code urn:uuid:} and a UUIDv7 (RFC 9562): time-ordered like the ids the hub makes by
   * default, so history stays in a readable order whoever made the id, and random enough (74 bits)
   * that two publishers never collide.
   */
  static String uuidV7() {
    long millis = System.currentTimeMillis();
    long randA = RANDOM.nextLong();
    long randB = RANDOM.nextLong();
    long high = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
    long low = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return "urn:uuid:" + new UUID(high, low);
  }

  private EventIds() {}
}
