package dev.sluice.hub.internal.id;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Generates {@code urn:uuid:} event ids as UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then
 * a 12-bit counter and 62 random bits.
 *
 * <p>Ids from one generator sort in creation order even within one millisecond, because the
 * counter (RFC 9562 method 1) increments while the clock does not move — handy when the hub is
 * used as an event store. Operators who would rather not leak timing use
 * {@link RandomIds} (the draft's privacy note).
 *
 * <p>Thread-safe.
 */
public final class UuidV7Ids implements Supplier<String> {
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private long lastMillis; // Guarded by this.
  private int counter; // Guarded by this. 12 bits.

  public UuidV7Ids(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String get() {
    return "urn:uuid:" + next();
  }

  UUID next() {
    long millis;
    int seq;
    synchronized (this) {
      millis = clock.millis();
      if (millis > lastMillis) {
        lastMillis = millis;
        counter = random.nextInt(1 << 11); // Random start leaves room to count up.
      } else {
        millis = lastMillis; // Clock stood still or went back: stay monotonic.
        counter++;
        if (counter >= 1 << 12) { // Counter overflow: borrow the next millisecond.
          lastMillis++;
          millis = lastMillis;
          counter = 0;
        }
      }
      seq = counter;
    }
    long msb = (millis << 16) | (0x7L << 12) | seq;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
