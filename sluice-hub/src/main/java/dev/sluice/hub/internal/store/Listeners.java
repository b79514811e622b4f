package dev.sluice.hub.internal.store;

import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.UpdateListener;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners of a local log. Callers serialize {@link #publish} calls (one writer at a time). */
final class Listeners {
  private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

  private final CopyOnWriteArrayList<UpdateListener> listeners = new CopyOnWriteArrayList<>();

  AutoCloseable add(UpdateListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Whether every listener would take another update now without waiting. */
  boolean haveRoom() {
    for (UpdateListener listener : listeners) {
      if (!listener.hasRoom()) return false;
    }
    return true;
  }

  /** Hands stored updates to every listener; a failing listener does not stop the others. */
  void publish(List<StoredUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    for (UpdateListener listener : listeners) {
      try {
        listener.onUpdates(updates);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "event=listener_failed listener=" + listener, e);
      }
    }
  }
}
