package dev.sluice.hub.internal.store;

import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateLogException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The embedded stores' answer to an append whose event id the store already holds: a publisher
 * that retries after a timeout or a 503 gets the stored update back (same content), and anything
 * else reusing the id is refused, so an id names one update for as long as history holds it.
 */
final class StoredIds {
  private StoredIds() {}

  /** The stored update when {@code update} is the same publish again, else a conflict. */
  static CompletionStage<StoredUpdate> retryOrConflict(StoredUpdate stored, Update update) {
    return sameContent(stored, update)
        ? CompletableFuture.completedFuture(stored)
        : CompletableFuture.failedFuture(conflict(update.id()));
  }

  static boolean sameContent(StoredUpdate stored, Update update) {
    return stored.update().equals(update);
  }

  static UpdateLogException.Conflict conflict(String id) {
    return new UpdateLogException.Conflict(
        "id is already used by another update in history: " + abbreviated(id));
  }

  /** Ids are publisher input: bounded in a message that reaches logs and clients. */
  private static String abbreviated(String id) {
    return id.length() <= 100 ? id : id.substring(0, 100) + "…";
  }
}
