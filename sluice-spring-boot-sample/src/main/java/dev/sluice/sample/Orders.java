package dev.sluice.sample;

import dev.sluice.publisher.Update;
import dev.sluice.spring.SluiceUpdateEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes an order and announces it on the hub. The announcement is an application event: the
 * starter delivers it after the transaction commits, and never if it rolls back.
 */
@Service
public class Orders {
  private final OrderTable table;
  private final ApplicationEventPublisher events;

  Orders(OrderTable table, ApplicationEventPublisher events) {
    this.table = table;
    this.events = events;
  }

  /**
   * Places {@code order}; {@code paymentFails} makes the payment step fail after the row was
   * written and the update raised, which rolls both back.
   *
   * @throws PaymentFailedException when {@code paymentFails}
   */
  @Transactional
  public void place(String order, boolean paymentFails) {
    table.insert(order);
    events.publishEvent(SluiceUpdateEvent.of(Update.builder()
        .topic(SampleApplication.ORDERS).type("order").data(order).build()));
    if (paymentFails) {
      throw new PaymentFailedException(order);
    }
  }

  /** The committed orders. */
  public java.util.List<String> committed() {
    return table.rows();
  }

  /** The payment for an order failed; its transaction rolls back. */
  public static final class PaymentFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PaymentFailedException(String order) {
      super("payment failed for " + order);
    }
  }
}
