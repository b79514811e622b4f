package dev.sluice.hub.spi;

import java.util.List;
import java.util.Optional;

/**
 * One page of history read for replay.
 *
 * @param anchor the update the read started after, when it started after an event id that the log
 *     still holds; empty for a read from the beginning
 * @param updates up to the requested number of updates after the anchor, in log order
 * @param complete true when no update after the last one in {@code updates} was stored when the
 *     page was read (a caller that needs more asks again after the last position)
 */
public record History(Optional<StoredUpdate> anchor, List<StoredUpdate> updates, boolean complete) {
  public History {
    updates = List.copyOf(updates);
  }

  /** The position to read the next page after, or {@code after} when this page is empty. */
  public long lastPosition(long after) {
    return updates.isEmpty() ? after : updates.get(updates.size() - 1).position();
  }
}
