package dev.sluice.spring;

import static java.util.Objects.requireNonNull;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Delivers {@link SluiceUpdateEvent}s to the hub after the transaction that raised them commits,
 * and never for one that rolls back, so subscribers only see what the database kept. Outside a
 * transaction an event is delivered at once ({@code fallbackExecution}).
 *
 * <p>Delivery is asynchronous (the committed caller does not wait for the hub) with the
 * publisher's retries; a failure after the last retry is logged and counted as failed. This is at
 * most once: an update is lost if the process dies between the commit and the hub's answer. Where
 * that matters, write the update to an outbox table in the same transaction and publish from there.
 */
public class AfterCommitPublisher {
  private static final Log log = LogFactory.getLog(AfterCommitPublisher.class);

  private final SluicePublisher publisher;

  public AfterCommitPublisher(SluicePublisher publisher) {
    this.publisher = requireNonNull(publisher, "publisher");
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  public void publishAfterCommit(SluiceUpdateEvent event) {
    publisher.publishAsync(event.update()).whenComplete((id, error) -> {
      if (error != null) {
        log.warn("committed update not published: " + event.update() + ": " + error.getMessage());
      }
    });
  }
}
