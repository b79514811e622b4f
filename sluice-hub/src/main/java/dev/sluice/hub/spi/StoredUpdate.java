package dev.sluice.hub.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An update as a log holds it.
 *
 * @param update the update
 * @param position where it sits in the log: strictly increasing in log order, and the same on every
 *     node reading one log, so a node can tell a replayed update from a live one it already has.
 *     Not shown to clients; the {@linkplain Update#id() event id} is the public cursor.
 * @param storedAt when the log accepted it; retention by age is measured from here
 */
public record StoredUpdate(Update update, long position, Instant storedAt) {
  public StoredUpdate {
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(storedAt, "storedAt");
  }

  public String id() {
    return update.id();
  }
}
