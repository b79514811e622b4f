package dev.sluice.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** A table of orders in memory: a row written in a transaction appears only if it commits. Thread-safe. */
@Component
class OrderTable {
  private final List<String> rows = new CopyOnWriteArrayList<>();

  /** Stages {@code order}; it becomes visible when the current transaction commits. */
  void insert(String order) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("insert needs a transaction");
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        if (status == STATUS_COMMITTED) {
          rows.add(order);
        }
      }
    });
  }

  List<String> rows() {
    return List.copyOf(rows);
  }
}
