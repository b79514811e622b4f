package dev.sluice.hub.internal.selector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded least-recently-used cache, split into independently locked segments so that
 * concurrent dispatcher threads rarely contend. Each segment evicts its own eldest entry, so the
 * total never exceeds the capacity (rounded up to a multiple of the segment count).
 *
 * <p>Thread-safe: every segment is guarded by itself.
 */
final class LruCache<K, V> {
  private static final int SEGMENTS = 16;

  private final List<Segment<K, V>> segments = new ArrayList<>(SEGMENTS);

  LruCache(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity <= 0: " + capacity);
    }
    int perSegment = Math.max(1, (capacity + SEGMENTS - 1) / SEGMENTS);
    for (int i = 0; i < SEGMENTS; i++) {
      segments.add(new Segment<>(perSegment));
    }
  }

  V get(K key) {
    Segment<K, V> segment = segmentFor(key);
    synchronized (segment) {
      return segment.get(key);
    }
  }

  void put(K key, V value) {
    Segment<K, V> segment = segmentFor(key);
    synchronized (segment) {
      segment.put(key, value);
    }
  }

  int size() {
    int size = 0;
    for (Segment<K, V> segment : segments) {
      synchronized (segment) {
        size += segment.size();
      }
    }
    return size;
  }

  private Segment<K, V> segmentFor(K key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    return segments.get(h & (SEGMENTS - 1));
  }

  // Guarded by itself.
  private static final class Segment<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    Segment(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > capacity;
    }
  }
}
