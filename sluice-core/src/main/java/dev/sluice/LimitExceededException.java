package dev.sluice;

/**
 * A stream exceeded one of {@link EventParser}'s size limits. The parser reports it to {@link
 * EventHandler#onLimitExceeded} rather than throwing, discards the event being read, and goes on
 * with the next one; a client usually fails the connection.
 */
public final class LimitExceededException extends SseException {
  private static final long serialVersionUID = 1L;

  /** Which limit was exceeded. */
  public enum Limit {
    /** One line of the stream was longer than {@link EventParser.Builder#maxLineLength}. */
    LINE_LENGTH("line length"),
    /** One event's data was larger than {@link EventParser.Builder#maxEventSize}. */
    EVENT_SIZE("event data size");

    private final String description;

    Limit(String description) {
      this.description = description;
    }
  }

  private final Limit limit;
  private final int maxBytes;

  public LimitExceededException(Limit limit, int maxBytes) {
    super("event stream exceeded the maximum " + limit.description + " of " + maxBytes + " bytes");
    this.limit = limit;
    this.maxBytes = maxBytes;
  }

  public Limit limit() {
    return limit;
  }

  /** The configured maximum that was exceeded, in bytes. */
  public int maxBytes() {
    return maxBytes;
  }
}
