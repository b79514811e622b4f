package dev.sluice.hub.internal.dispatch;

import dev.sluice.hub.internal.auth.SubscriberAccess;
import dev.sluice.hub.internal.selector.TopicMatcher;
import dev.sluice.hub.internal.selector.TopicIndex;
import dev.sluice.server.SseStream;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One connected subscriber: its matchers, its access, its stream.
 *
 * <p>Kept small on purpose (a hub holds tens of thousands): no per-subscriber buffer once live,
 * no per-subscriber thread or timer beyond the token-expiry task.
 */
public final class Subscriber {
  private final String id;
  private final List<TopicMatcher> matchers;
  private final SubscriberAccess access;
  // Written once, before the dispatcher is told to deliver to it (the command queue publishes it);
  // volatile because the open-deadline timer reads it from another thread.
  private volatile SseStream stream;
  // The three fields below belong to the thread of the dispatcher lane the subscriber is in; a
  // move to the slow lane hands them over through the slow lane's command queue.
  TopicIndex.Registration<Subscriber> registration;
  ArrayDeque<StoredUpdate> pending; // Non-null while catching up.
  boolean removed; // Owning lane's thread only.
  boolean inSlowLane; // Fast lane's thread only: set once, when it hands the subscriber over.
  boolean evicted; // Slow lane's thread only: disconnected because the slow lane fell behind.
  private volatile int removalQueued; // 1 once handed to the dispatcher's removal queue.

  private static final AtomicIntegerFieldUpdater<Subscriber> REMOVAL_QUEUED =
      AtomicIntegerFieldUpdater.newUpdater(Subscriber.class, "removalQueued");

  public Subscriber(String id, List<TopicMatcher> matchers, SubscriberAccess access) {
    this.id = id;
    this.matchers = List.copyOf(matchers);
    this.access = access;
  }

  /** True the first time only: a subscriber is queued for removal at most once. */
  boolean claimRemoval() {
    return REMOVAL_QUEUED.compareAndSet(this, 0, 1);
  }

  /** The subscriber id used in subscription events and the subscriptions API. */
  public String id() {
    return id;
  }

  public List<TopicMatcher> matchers() {
    return matchers;
  }

  public SubscriberAccess access() {
    return access;
  }

  public SseStream stream() {
    return stream;
  }

  /** Binds the stream once the server has opened it. */
  public void attach(SseStream stream) {
    if (this.stream != null) {
      throw new IllegalStateException("stream already attached");
    }
    this.stream = stream;
  }

  /** Whether one of the update's topics matches one of this subscriber's matchers. */
  public boolean matches(Update update) {
    for (TopicMatcher matcher : matchers) {
      for (String topic : update.topics()) {
        if (matcher.matches(topic)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether this subscriber should get {@code update}: it matches and the token allows it. */
  public boolean wants(Update update) {
    return matches(update) && access.mayReceive(update);
  }

  @Override
  public String toString() {
    return "Subscriber{" + id + ", " + matchers.size() + " matchers}";
  }
}
