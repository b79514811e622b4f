package dev.sluice.hub.internal.store;

import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.UpdateLog;

class MemoryUpdateLogTest extends UpdateLogContract {
  @Override
  UpdateLog newLog(Retention retention) {
    return new MemoryUpdateLog(retention, clock);
  }
}
