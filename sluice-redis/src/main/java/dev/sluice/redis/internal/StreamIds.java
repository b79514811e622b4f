package dev.sluice.redis.internal;

/**
 * Maps Redis stream entry ids ({@code <ms>-<seq>}) to the hub's {@code long} positions and back.
 *
 * <p>{@code position = ms << 20 | seq}. Both parts are unsigned and Redis orders ids by
 * {@code (ms, seq)}, so the mapping is strictly monotonic and exact as long as
 * {@code seq < 2^20} and {@code ms < 2^43} (the year 2248). The append script keeps {@code seq}
 * in range: should Redis hand out a larger sequence (a million entries in one millisecond, or a
 * clock stuck behind the last id), it moves the entry to the next millisecond instead.
 *
 * <p>Positions are the same on every node because they are computed from the shared entry id.
 */
public final class StreamIds {
  /** Bits for the sequence part. */
  public static final int SEQ_BITS = 20;
  /** The first sequence number that no longer fits; the append script never stores it. */
  public static final long SEQ_LIMIT = 1L << SEQ_BITS;
  static final long MS_LIMIT = 1L << (63 - SEQ_BITS);

  private StreamIds() {}

  /** The position of entry id {@code id}; throws when the id is malformed or out of range. */
  public static long toPosition(String id) {
    int dash = id.indexOf('-');
    if (dash <= 0 || dash == id.length() - 1) {
      throw new IllegalArgumentException("not a stream id: " + id);
    }
    long ms = Long.parseLong(id, 0, dash, 10);
    long seq = Long.parseLong(id, dash + 1, id.length(), 10);
    if (ms < 0 || ms >= MS_LIMIT || seq < 0 || seq >= SEQ_LIMIT) {
      throw new IllegalArgumentException("stream id out of the position range: " + id);
    }
    return ms << SEQ_BITS | seq;
  }

  /** The entry id of {@code position}; positions at or below 0 give {@code 0-0}, before any entry. */
  public static String toId(long position) {
    if (position <= 0) {
      return "0-0";
    }
    return (position >>> SEQ_BITS) + "-" + (position & (SEQ_LIMIT - 1));
  }

  /** The millisecond part of an entry id: when Redis stored it, by Redis's clock. */
  public static long millis(String id) {
    int dash = id.indexOf('-');
    return Long.parseLong(id, 0, dash < 0 ? id.length() : dash, 10);
  }

  /** Compares two entry ids in stream order. */
  public static int compare(String a, String b) {
    int byMs = Long.compare(millis(a), millis(b));
    return byMs != 0 ? byMs : Long.compare(seq(a), seq(b));
  }

  private static long seq(String id) {
    int dash = id.indexOf('-');
    return dash < 0 ? 0 : Long.parseLong(id, dash + 1, id.length(), 10);
  }
}
