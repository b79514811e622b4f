package dev.sluice.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateListener;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MemoryUpdateLogTest extends UpdateLogContract {
  @Override
  UpdateLog newLog(Retention retention) {
    return new MemoryUpdateLog(retention, clock);
  }

  /** A listener that is full until told otherwise, and counts what it was handed. */
  private static final class FullListener implements UpdateListener {
    final AtomicBoolean room = new AtomicBoolean(false);
    int handed; // Called on the appending (test) thread only.

    @Override
    public void onUpdates(List<StoredUpdate> updates) {
      handed += updates.size();
    }

    @Override
    public boolean hasRoom() {
      return room.get();
    }
  }

  @Test
  void refusesAppendsWithoutStoringWhileAListenerHasNoRoom() throws Exception {
    MemoryUpdateLog log = new MemoryUpdateLog(Retention.DEFAULT, clock);
    FullListener listener = new FullListener();
    log.subscribe(listener);
    Update update = Update.builder().id("u1").topic("https://ex/t").data("x").build();

    CompletableFuture<StoredUpdate> refused = log.append(update).toCompletableFuture();
    assertThat(refused).isCompletedExceptionally();
    ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> refused.get(1, TimeUnit.SECONDS));
    assertThat(failure.getCause()).isInstanceOf(UpdateLogException.Unavailable.class);
    assertThat(log.size()).as("not kept in history without being delivered").isZero();
    assertThat(listener.handed).isZero();

    listener.room.set(true);
    assertThat(log.append(update).toCompletableFuture().get(1, TimeUnit.SECONDS).update()).isEqualTo(update);
    assertThat(log.size()).isEqualTo(1);
    assertThat(listener.handed).isEqualTo(1);
  }
}
