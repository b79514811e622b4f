package dev.sluice.llm.internal;

import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.UpdateListener;
import dev.sluice.hub.spi.UpdateLog;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The relay's one listener on the shared log: hands each relay record to the watchers of its
 * response (readers, the generating node's cancel watch) and remembers the first idempotency claim
 * per response. Watchers are called on the log's listener thread and must only hand records on.
 */
public final class LogFeed implements UpdateListener, AutoCloseable {
  /** First claims remembered; past this the oldest are forgotten (they are long decided). */
  static final int MAX_CLAIMS = 100_000;

  private final Map<String, List<Consumer<StoredUpdate>>> watchers = new ConcurrentHashMap<>();
  private final Map<String, String> firstClaims = new ConcurrentHashMap<>(); // Response id → claim id.
  private final Map<String, Long> claimOrder = new ConcurrentHashMap<>(); // Response id → position, for eviction.
  private volatile AutoCloseable subscription;

  public void start(UpdateLog log) {
    subscription = log.subscribe(this);
  }

  @Override
  public void onUpdates(List<StoredUpdate> updates) {
    for (StoredUpdate stored : updates) {
      String responseId = LogRecords.responseIdOf(stored);
      if (responseId == null) continue;
      if (LogRecords.TYPE_CLAIM.equals(LogRecords.typeOf(stored))) rememberClaim(responseId, stored);
      List<Consumer<StoredUpdate>> list = watchers.get(responseId);
      if (list != null) list.forEach(watcher -> watcher.accept(stored));
    }
  }

  private void rememberClaim(String responseId, StoredUpdate stored) {
    if (firstClaims.putIfAbsent(responseId, stored.id()) == null) {
      claimOrder.put(responseId, stored.position());
      if (claimOrder.size() > MAX_CLAIMS) {
        long cutoff = stored.position();
        for (Iterator<Map.Entry<String, Long>> it = claimOrder.entrySet().iterator(); it.hasNext() && claimOrder.size() > MAX_CLAIMS / 2; ) {
          Map.Entry<String, Long> oldest = it.next();
          if (oldest.getValue() < cutoff) {
            it.remove();
            firstClaims.remove(oldest.getKey());
          }
        }
      }
    }
  }

  /** The first claim this node heard for {@code responseId}, if any. */
  public String firstClaim(String responseId) {
    return firstClaims.get(responseId);
  }

  /** Calls {@code watcher} with every record of {@code responseId} stored from now on; close to stop. */
  public AutoCloseable watch(String responseId, Consumer<StoredUpdate> watcher) {
    watchers.compute(responseId, (k, list) -> {
      List<Consumer<StoredUpdate>> result = list != null ? list : new CopyOnWriteArrayList<>();
      result.add(watcher); // Inside compute, so a concurrent removal of the last watcher cannot orphan it.
      return result;
    });
    return () -> watchers.computeIfPresent(responseId, (k, list) -> {
      list.remove(watcher);
      return list.isEmpty() ? null : list;
    });
  }

  /** Watched responses, for tests and leak checks. */
  public int watchedResponses() {
    return watchers.size();
  }

  @Override
  public void close() {
    AutoCloseable s = subscription;
    if (s != null) {
      try {
        s.close();
      } catch (Exception e) {
        // The log is going away too; nothing more to stop.
      }
    }
  }
}
