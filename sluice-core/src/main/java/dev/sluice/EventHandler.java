package dev.sluice;

/**
 * Receives what {@link EventParser} finds in a stream. Callbacks run on the thread that calls
 * {@link EventParser#feed}, in stream order. Only {@link #onEvent} must be implemented. An exception
 * thrown by a callback propagates out of {@code feed}, and the rest of that chunk is not parsed.
 */
@FunctionalInterface
public interface EventHandler {
  /**
   * An event was dispatched: a blank line ended a block that had at least one {@code data} field.
   * {@link ServerSentEvent#id()} is the last event ID in effect, as {@code MessageEvent.lastEventId}.
   */
  void onEvent(ServerSentEvent event);

  /** A comment line ({@code :text}); the text after the colon, one leading space removed. */
  default void onComment(String comment) {}

  /** A valid {@code retry} field set the reconnection time, in milliseconds. */
  default void onRetry(long retryMillis) {}

  /**
   * A size limit was exceeded, reported once per event. That event will not be dispatched: its data
   * and the offending line are dropped, its other fields still take effect, and the event after the
   * next blank line is parsed normally.
   */
  default void onLimitExceeded(LimitExceededException error) {}
}
