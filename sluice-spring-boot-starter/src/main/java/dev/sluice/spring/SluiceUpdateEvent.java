package dev.sluice.spring;

import static java.util.Objects.requireNonNull;

import dev.sluice.publisher.Update;

/**
 * An update to publish once the current transaction commits. Publish it with Spring's {@code
 * ApplicationEventPublisher} inside a transaction; the starter delivers it to the hub after the
 * commit and drops it on rollback (see {@link AfterCommitPublisher}). Outside a transaction it is
 * delivered at once.
 *
 * <pre>{@code
 * @Transactional
 * public void rename(long id, String title) {
 *   books.rename(id, title);
 *   events.publishEvent(SluiceUpdateEvent.of(Update.of("https://example.com/books/" + id, title)));
 * }
 * }</pre>
 */
public final class SluiceUpdateEvent {
  private final Update update;

  private SluiceUpdateEvent(Update update) {
    this.update = requireNonNull(update, "update");
  }

  public static SluiceUpdateEvent of(Update update) {
    return new SluiceUpdateEvent(update);
  }

  public Update update() {
    return update;
  }

  @Override
  public String toString() {
    return "SluiceUpdateEvent{" + update + "}";
  }
}
