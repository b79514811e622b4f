package dev.sluice.hub.internal.selector;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The registrations behind one key of the {@link TopicIndex} (one exact topic, one pattern, or
 * {@code *}). Small buckets are a copy-on-write array (4 bytes per member, lock-free reads); a
 * crowded one (a popular topic with thousands of subscribers) switches to a concurrent set so each
 * add or remove stays O(1) instead of copying the array.
 *
 * <p>Readers need no lock and see a consistent snapshot or the live set (weakly consistent).
 * Writers must be serialized by the caller: the index mutates a bucket only inside {@link
 * ConcurrentHashMap#compute} for its key, or under the lock of the {@code *} bucket.
 */
final class SubscriberBucket {
  static final int ARRAY_LIMIT = 64;
  private static final Object[] EMPTY = {};

  // Written by one writer at a time (see class comment), read lock-free.
  private volatile Object[] array = EMPTY;
  // Non-null once the bucket outgrew ARRAY_LIMIT; from then on it alone is authoritative.
  private volatile Set<Object> crowd;

  void add(Object member) {
    Set<Object> set = crowd;
    if (set != null) {
      set.add(member);
      return;
    }
    Object[] current = array;
    if (current.length < ARRAY_LIMIT) {
      Object[] grown = Arrays.copyOf(current, current.length + 1);
      grown[current.length] = member;
      array = grown;
      return;
    }
    Set<Object> upgraded = ConcurrentHashMap.newKeySet(current.length * 2);
    upgraded.addAll(Arrays.asList(current));
    upgraded.add(member);
    crowd = upgraded; // readers that still hold the old array see a stale but valid snapshot
  }

  void remove(Object member) {
    Set<Object> set = crowd;
    if (set != null) {
      set.remove(member);
      return;
    }
    Object[] current = array;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == member) {
        Object[] shrunk = new Object[current.length - 1];
        System.arraycopy(current, 0, shrunk, 0, i);
        System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
        array = shrunk;
        return;
      }
    }
  }

  boolean isEmpty() {
    Set<Object> set = crowd;
    return set != null ? set.isEmpty() : array.length == 0;
  }

  void forEach(Consumer<Object> visitor) {
    Set<Object> set = crowd;
    if (set != null) {
      set.forEach(visitor);
    } else {
      for (Object member : array) {
        visitor.accept(member);
      }
    }
  }
}
