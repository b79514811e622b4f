package dev.sluice.bench.server;

import dev.sluice.EventEncoder;
import dev.sluice.ServerSentEvent;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's events: exactly {@link #SIZE} bytes on the wire, {@code id: <10-digit sequence>}
 * then a {@code data:} line of filler. Fixed size and a sequence number at a fixed offset let a
 * subscriber verify every byte and spot a lost, repeated or reordered event without a full parser.
 */
final class BenchEvents {
  static final int SIZE = 100;
  private static final int DIGITS = 10;
  private static final String ID_ZERO = "0".repeat(DIGITS);
  /** The encoded event with sequence 0; every event differs from it only in the id digits. */
  static final byte[] TEMPLATE;
  /** Where the id digits start in {@link #TEMPLATE}. */
  static final int DIGITS_AT;
  private static final String DATA;

  static {
    DATA = "x".repeat(SIZE - (EventEncoder.encodedLength(event(0, "x")) - 1));
    TEMPLATE = EventEncoder.encode(event(0, DATA));
    if (TEMPLATE.length != SIZE) throw new AssertionError("event is " + TEMPLATE.length + " bytes, not " + SIZE);
    DIGITS_AT = new String(TEMPLATE, StandardCharsets.US_ASCII).indexOf(ID_ZERO);
  }

  private BenchEvents() {}

  static ServerSentEvent event(long sequence) {
    return event(sequence, DATA);
  }

  private static ServerSentEvent event(long sequence, String data) {
    String digits = Long.toString(sequence);
    String id = ID_ZERO.substring(digits.length()) + digits;
    return ServerSentEvent.builder().id(id).data(data).build();
  }

  /**
   * The sequence number of a received frame, or -1 if any byte other than the id digits differs from
   * the template.
   */
  static long sequenceOf(byte[] frame) {
    for (int i = 0; i < SIZE; i++) {
      if ((i < DIGITS_AT || i >= DIGITS_AT + DIGITS) && frame[i] != TEMPLATE[i]) return -1;
    }
    long sequence = 0;
    for (int i = DIGITS_AT; i < DIGITS_AT + DIGITS; i++) {
      int digit = frame[i] - '0';
      if (digit < 0 || digit > 9) return -1;
      sequence = sequence * 10 + digit;
    }
    return sequence;
  }
}
