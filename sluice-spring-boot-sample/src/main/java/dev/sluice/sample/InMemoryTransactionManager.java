package dev.sluice.sample;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A transaction manager with no database: Spring's transaction machinery (synchronizations, commit,
 * rollback, after-commit events) runs as with a real one. The sample's {@link OrderTable} keeps its
 * rows in memory and applies them on commit. A real application uses its DataSource's manager.
 */
class InMemoryTransactionManager extends AbstractPlatformTransactionManager {
  private static final long serialVersionUID = 1L;

  @Override
  protected Object doGetTransaction() {
    return new Object();
  }

  @Override
  protected void doBegin(Object transaction, TransactionDefinition definition) {
    // Nothing to open: the rows are staged in the transaction's synchronization.
  }

  @Override
  protected void doCommit(DefaultTransactionStatus status) {
    // Nothing to flush: OrderTable applies staged rows after completion.
  }

  @Override
  protected void doRollback(DefaultTransactionStatus status) {
    // Nothing to undo: staged rows are dropped after completion.
  }
}
