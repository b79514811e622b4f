package dev.sluice.hub.internal.dispatch;

import dev.sluice.hub.spi.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the subscribers whose matchers select an update, each exactly once.
 *
 * <p>Exact matchers are filed under their topic (one hash lookup per topic of the update);
 * wildcard subscribers need no test; the other matchers are tested one by one. A round stamp on
 * each subscriber makes a subscriber with several matching matchers count once.
 *
 * <p>This class is not thread-safe: the dispatcher thread owns it.
 */
final class SubscriberIndex {
  private final Map<String, Set<Subscriber>> byExactTopic = new HashMap<>();
  private final Set<Subscriber> everything = new LinkedHashSet<>();
  private final Set<Subscriber> tested = new LinkedHashSet<>();
  private long round;
  private int size;

  void add(Subscriber subscriber) {
    boolean needsTest = false;
    for (TopicMatcher matcher : subscriber.matchers()) {
      if (TopicMatcher.WILDCARD.equals(matcher.match())) {
        everything.add(subscriber);
      } else if (matcher.exactTopic() != null) {
        byExactTopic.computeIfAbsent(matcher.exactTopic(), t -> new LinkedHashSet<>()).add(subscriber);
      } else {
        needsTest = true;
      }
    }
    if (needsTest) {
      tested.add(subscriber);
    }
    size++;
  }

  void remove(Subscriber subscriber) {
    for (TopicMatcher matcher : subscriber.matchers()) {
      String topic = matcher.exactTopic();
      if (topic != null) {
        Set<Subscriber> set = byExactTopic.get(topic);
        if (set != null && set.remove(subscriber) && set.isEmpty()) {
          byExactTopic.remove(topic);
        }
      }
    }
    everything.remove(subscriber);
    tested.remove(subscriber);
    size--;
  }

  int size() {
    return size;
  }

  /** Distinct exact topics subscribed to now. */
  int exactTopics() {
    return byExactTopic.size();
  }

  /** Calls {@code action} once for every subscriber whose matchers select {@code update}. */
  void forEachMatch(Update update, Consumer<Subscriber> action) {
    long stamp = ++round;
    for (String topic : update.topics()) {
      Set<Subscriber> set = byExactTopic.get(topic);
      if (set != null) {
        for (Subscriber s : set) {
          if (s.stamp != stamp) {
            s.stamp = stamp;
            action.accept(s);
          }
        }
      }
    }
    for (Subscriber s : everything) {
      if (s.stamp != stamp) {
        s.stamp = stamp;
        action.accept(s);
      }
    }
    for (Subscriber s : tested) {
      if (s.stamp != stamp && s.matches(update)) {
        s.stamp = stamp;
        action.accept(s);
      }
    }
  }

  /** Every subscriber, for shutdown. */
  ArrayList<Subscriber> all() {
    Set<Subscriber> all = new LinkedHashSet<>(everything);
    all.addAll(tested);
    byExactTopic.values().forEach(all::addAll);
    return new ArrayList<>(all);
  }
}
