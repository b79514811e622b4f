package dev.sluice.hub.internal.store;

import dev.sluice.hub.spi.Health;
import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateListener;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A bounded in-memory ring of updates, for tests and ephemeral hubs. History is lost on restart.
 *
 * <p>Event ids are unique within the ring ({@link StoredIds}): a retry is answered with the stored
 * update, and an id reused with other content is refused.
 *
 * <p>Positions are consecutive, so the ring finds a position by arithmetic. Appends store and
 * notify listeners under one lock, which keeps listener order equal to log order.
 */
public final class MemoryUpdateLog implements UpdateLog {
  private final Retention retention;
  private final Clock clock;
  private final Listeners listeners = new Listeners();
  private final StoredUpdate[] ring; // Guarded by this.
  private final Map<String, Long> positionsById = new HashMap<>(); // Guarded by this.
  private int head; // Guarded by this. Index of the oldest update.
  private int count; // Guarded by this.
  private long nextPosition = 1; // Guarded by this.
  private boolean closed; // Guarded by this.

  public MemoryUpdateLog(Retention retention, Clock clock) {
    this.retention = retention;
    this.clock = clock;
    this.ring = new StoredUpdate[(int) Math.min(retention.maxCount(), Integer.MAX_VALUE - 8)];
  }

  @Override
  public void start() {}

  @Override
  public synchronized CompletionStage<StoredUpdate> append(Update update) {
    if (closed) {
      return CompletableFuture.failedFuture(new UpdateLogException.Unavailable("store closed"));
    }
    if (!listeners.haveRoom()) {
      // Listeners run on this (possibly event-loop) thread: refuse rather than block, and before
      // storing, so an update is never kept in history without being delivered live.
      return CompletableFuture.failedFuture(
          new UpdateLogException.Unavailable("the hub is behind in delivering updates"));
    }
    trimByAge(); // An id that aged out of history may be stored again.
    Long existing = positionsById.get(update.id());
    if (existing != null) {
      return StoredIds.retryOrConflict(at(existing), update);
    }
    StoredUpdate stored = new StoredUpdate(update, nextPosition++, clock.instant());
    if (ring.length > 0) {
      if (count == ring.length) {
        removeOldest();
      }
      ring[(head + count) % ring.length] = stored;
      count++;
      positionsById.putIfAbsent(update.id(), stored.position());
    }
    trimByAge();
    listeners.publish(List.of(stored));
    return CompletableFuture.completedFuture(stored);
  }

  @Override
  public AutoCloseable subscribe(UpdateListener listener) {
    return listeners.add(listener);
  }

  @Override
  public synchronized CompletionStage<HistoryLookup> historyAfter(String id, int limit) {
    trimByAge();
    Long position = positionsById.get(id);
    if (position == null) {
      return CompletableFuture.completedFuture(new HistoryLookup.Unknown(id));
    }
    History page = read(position, limit);
    return CompletableFuture.completedFuture(
        new HistoryLookup.Found(new History(Optional.of(at(position)), page.updates(), page.complete())));
  }

  @Override
  public synchronized CompletionStage<History> historyFrom(long afterPosition, int limit) {
    trimByAge();
    return CompletableFuture.completedFuture(read(afterPosition, limit));
  }

  @Override
  public synchronized CompletionStage<List<StoredUpdate>> historyBefore(long position, int limit) {
    List<StoredUpdate> result = new ArrayList<>();
    long first = firstPosition();
    for (long p = Math.min(position - 1, nextPosition - 1); p >= first && result.size() < limit; p--) {
      result.add(at(p));
    }
    return CompletableFuture.completedFuture(result);
  }

  @Override
  public synchronized CompletionStage<Optional<StoredUpdate>> last() {
    return CompletableFuture.completedFuture(
        count == 0 ? Optional.empty() : Optional.of(at(nextPosition - 1)));
  }

  @Override
  public synchronized long size() {
    return count;
  }

  @Override
  public synchronized Health health() {
    return closed ? Health.down("store closed") : Health.up("memory ring, " + count + " updates");
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private History read(long afterPosition, int limit) {
    long from = Math.max(afterPosition + 1, firstPosition());
    long to = Math.min(nextPosition - 1, from + limit - 1);
    List<StoredUpdate> updates = new ArrayList<>((int) Math.max(0, to - from + 1));
    for (long p = from; p <= to; p++) {
      updates.add(at(p));
    }
    return new History(Optional.empty(), updates, to >= nextPosition - 1);
  }

  private long firstPosition() {
    return nextPosition - count;
  }

  private StoredUpdate at(long position) {
    int offset = (int) (position - firstPosition());
    return ring[(head + offset) % ring.length];
  }

  private void trimByAge() {
    if (!retention.hasAgeLimit()) {
      return;
    }
    Instant oldest = clock.instant().minus(retention.maxAge());
    while (count > 0 && ring[head].storedAt().isBefore(oldest)) {
      removeOldest();
    }
  }

  private void removeOldest() {
    StoredUpdate oldest = ring[head];
    positionsById.remove(oldest.id(), oldest.position());
    ring[head] = null;
    head = (head + 1) % ring.length;
    count--;
  }
}
