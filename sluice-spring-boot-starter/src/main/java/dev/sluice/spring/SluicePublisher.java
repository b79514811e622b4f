package dev.sluice.spring;

import static java.util.Objects.requireNonNull;

import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.PublishException;
import dev.sluice.publisher.Update;
import java.util.concurrent.CompletableFuture;

/**
 * The application's way to publish: {@link HubPublisher}'s calls, counted in {@link
 * PublishCounters}. Thread-safe; inject it where you publish.
 *
 * <pre>{@code
 * @Service
 * class Books {
 *   private final SluicePublisher sluice;
 *   ...
 *   void rename(Book book) {
 *     sluice.publish(Update.of("https://example.com/books/" + book.id(), book.toJson()));
 *   }
 * }
 * }</pre>
 *
 * Inside a transaction, publish a {@link SluiceUpdateEvent} instead, so that nothing is sent for a
 * transaction that rolls back.
 */
public final class SluicePublisher {
  private final HubPublisher publisher;
  private final PublishCounters counters;

  public SluicePublisher(HubPublisher publisher, PublishCounters counters) {
    this.publisher = requireNonNull(publisher, "publisher");
    this.counters = requireNonNull(counters, "counters");
  }

  /**
   * Publishes and waits (retrying as configured).
   *
   * @return the id the hub stored the update under
   * @throws PublishException when the hub refused the update or could not be reached
   */
  public String publish(Update update) {
    try {
      String id = publisher.publish(update);
      counters.recordPublished();
      return id;
    } catch (RuntimeException e) {
      counters.recordFailed();
      throw e;
    }
  }

  /** Publishes without blocking; completes with the stored id or a {@link PublishException}. */
  public CompletableFuture<String> publishAsync(Update update) {
    return publisher.publishAsync(update).whenComplete((id, error) -> {
      if (error == null) {
        counters.recordPublished();
      } else {
        counters.recordFailed();
      }
    });
  }

  /** The underlying publisher, for what this class does not offer. Its calls are not counted. */
  public HubPublisher hubPublisher() {
    return publisher;
  }

  public PublishCounters counters() {
    return counters;
  }
}
