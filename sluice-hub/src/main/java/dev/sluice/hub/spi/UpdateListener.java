package dev.sluice.hub.spi;

import java.util.List;

/**
 * Hears every update appended to a log by any node, in log order.
 *
 * <p>A log calls one listener from one thread at a time, so implementations need no locking of
 * their own. Calls must return quickly: a listener hands updates on, it does no I/O.
 */
@FunctionalInterface
public interface UpdateListener {
  /** Called with one or more updates, never an empty list, each after the previous in log order. */
  void onUpdates(List<StoredUpdate> updates);

  /**
   * Whether {@link #onUpdates} would take another update now without waiting. A log that calls its
   * listeners on the appending thread (which may be an event loop) refuses appends while any
   * listener says no, as a full store queue does: the publisher gets {@code 503} and retries,
   * rather than a thread blocking or an update being stored but not delivered.
   */
  default boolean hasRoom() {
    return true;
  }
}
