package dev.sluice.hub.internal.selector;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Finds the subscribers an update goes to. Each subscriber registers its selectors once; {@link
 * #forEachMatch} then visits every subscriber with a selector matching any of the update's topics,
 * exactly once per call.
 *
 * <h3>How a lookup works</h3>
 * Exact selectors sit in a hash map keyed by topic, {@code *} subscribers in one bucket, and
 * pattern selectors (URI templates, URL patterns) in one entry per distinct expression, however
 * many subscribers share it. Which pattern entries match a topic is cached per topic in a bounded
 * LRU; pattern entries carry increasing sequence numbers, so when patterns are added later only
 * the new ones are run against a cached topic, and removed ones are skipped. A matcher therefore
 * runs about once per (topic, distinct pattern) while the topic stays cached.
 *
 * <h3>Threads</h3>
 * Thread-safe. Registration and removal may come from any thread; lookups are lock-free except
 * for one short cache-segment lock, and run concurrently with each other and with registration.
 * A lookup racing with a registration may or may not see it; one racing with a removal may still
 * visit that subscriber once (callers must tolerate a delivery to a subscriber that is closing).
 *
 * <h3>Memory</h3>
 * Per subscriber: its {@link Registration} (about 24 bytes plus the selector array) and one
 * reference in one bucket per selector; subscribers with the same pattern share the compiled
 * selector.
 */
public final class TopicIndex<S> {
  /** Default number of topics whose pattern-match results are cached. */
  public static final int DEFAULT_CACHE_TOPICS = 16_384;

  // Exact topic -> bucket; a bucket is mutated only inside compute() for its key.
  private final ConcurrentHashMap<String, SubscriberBucket> exact = new ConcurrentHashMap<>();
  // Subscribers selecting every topic. Guarded by itself for writes; reads are lock-free.
  private final SubscriberBucket all = new SubscriberBucket();
  // Distinct pattern selector -> its entry; an entry is mutated only inside compute() for its key.
  private final ConcurrentHashMap<TopicSelector, PatternEntry> patterns = new ConcurrentHashMap<>();
  // Live pattern entries in increasing sequence order. Copy-on-write, written under patternLock.
  private volatile PatternEntry[] patternList = new PatternEntry[0];
  private final Object patternLock = new Object();
  // Guarded by patternLock.
  private long nextSequence = 1;
  private final LruCache<String, CachedMatches> cache;
  private final AtomicInteger registrations = new AtomicInteger();

  public TopicIndex() {
    this(DEFAULT_CACHE_TOPICS);
  }

  /** @param cacheTopics how many topics' pattern-match results to keep */
  public TopicIndex(int cacheTopics) {
    this.cache = new LruCache<>(cacheTopics);
  }

  /** A subscriber's place in the index; pass it to {@link #unregister} to remove it. */
  public static final class Registration<S> {
    private final S subscriber;
    private final TopicSelector[] selectors; // distinct; patterns shared with the index's entry
    private volatile boolean active = true;

    private Registration(S subscriber, TopicSelector[] selectors) {
      this.subscriber = subscriber;
      this.selectors = selectors;
    }

    public S subscriber() {
      return subscriber;
    }

    public List<TopicSelector> selectors() {
      return Collections.unmodifiableList(Arrays.asList(selectors));
    }
  }

  /** One distinct pattern selector and the registrations using it. */
  private static final class PatternEntry {
    final TopicSelector selector;
    final long sequence;
    final SubscriberBucket members = new SubscriberBucket();
    volatile boolean live = true;

    PatternEntry(TopicSelector selector, long sequence) {
      this.selector = selector;
      this.sequence = sequence;
    }
  }

  /** Pattern entries matching one topic, valid for entries up to {@code seenSequence}. */
  private record CachedMatches(long seenSequence, PatternEntry[] matched) {}

  /** Adds a subscriber with its selectors (duplicates are ignored). */
  public Registration<S> register(S subscriber, Collection<TopicSelector> selectors) {
    requireNonNull(subscriber, "subscriber");
    Set<TopicSelector> distinct = new LinkedHashSet<>(selectors);
    TopicSelector[] shared = new TopicSelector[distinct.size()];
    Registration<S> registration = new Registration<>(subscriber, shared);
    int i = 0;
    for (TopicSelector selector : distinct) {
      shared[i++] = add(requireNonNull(selector, "selector"), registration);
    }
    registrations.incrementAndGet();
    return registration;
  }

  /** Removes a registration; calling it again does nothing. */
  public void unregister(Registration<S> registration) {
    synchronized (registration) {
      if (!registration.active) {
        return;
      }
      registration.active = false;
    }
    for (TopicSelector selector : registration.selectors) {
      remove(selector, registration);
    }
    registrations.decrementAndGet();
  }

  /** Number of registered subscribers. */
  public int size() {
    return registrations.get();
  }

  /** Whether {@code selector} is a pattern some registration uses now (it costs nothing more). */
  public boolean hasPattern(TopicSelector selector) {
    return patterns.containsKey(selector);
  }

  /** Number of distinct pattern selectors in use. */
  public int patternCount() {
    return patternList.length;
  }

  /**
   * Calls {@code visitor} once for each subscriber with a selector matching at least one of
   * {@code topics}, on the calling thread.
   */
  public void forEachMatch(Collection<String> topics, Consumer<? super S> visitor) {
    forEachMatch(topics, visitor, null);
  }

  /**
   * The matching work one lookup did, in automaton steps, so that a caller can bound it per
   * update and find whose selectors it went to. Pattern results served from the topic cache cost
   * nothing; a pattern shared by several subscribers is charged in full to each. Not thread-safe:
   * one per lookup, or reused after {@link #clear()} by one thread.
   */
  public static final class Work<S> {
    private final List<PatternEntry> entries = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();
    private long total;

    /** Steps spent matching patterns in the last lookup. */
    public long total() {
      return total;
    }

    /** Forgets the last lookup. */
    public void clear() {
      entries.clear();
      steps.clear();
      total = 0;
    }

    /** Each subscriber whose patterns were matched, with the steps they cost (summed). */
    @SuppressWarnings("unchecked")
    public Map<S, Long> bySubscriber() {
      Map<S, Long> result = new IdentityHashMap<>();
      for (int i = 0; i < entries.size(); i++) {
        long cost = steps.get(i);
        entries.get(i).members.forEach(member -> {
          Registration<S> registration = (Registration<S>) member;
          if (registration.active) {
            result.merge(registration.subscriber, cost, Long::sum);
          }
        });
      }
      return result;
    }

    /** Each pattern selector matched in the last lookup that cost at least {@code minSteps}. */
    public List<TopicSelector> patternsCostingAtLeast(long minSteps) {
      List<TopicSelector> result = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        if (steps.get(i) >= minSteps) {
          result.add(entries.get(i).selector);
        }
      }
      return result;
    }

    void record(PatternEntry entry, long spent) {
      if (spent > 0) {
        entries.add(entry);
        steps.add(spent);
        total += spent;
      }
    }
  }

  /**
   * {@link #forEachMatch(Collection, Consumer)}, recording into {@code work} (if not null) the
   * steps each pattern match took.
   */
  @SuppressWarnings("unchecked")
  public void forEachMatch(Collection<String> topics, Consumer<? super S> visitor, Work<S> work) {
    List<SubscriberBucket> buckets = new ArrayList<>(4);
    if (!all.isEmpty()) {
      buckets.add(all);
    }
    PatternEntry[] livePatterns = patternList;
    for (String topic : topics) {
      SubscriberBucket bucket = exact.get(topic);
      if (bucket != null) {
        addOnce(buckets, bucket);
      }
      if (livePatterns.length > 0) {
        for (PatternEntry entry : matchingPatterns(topic, livePatterns, work)) {
          if (entry.live) {
            addOnce(buckets, entry.members);
          }
        }
      }
    }
    if (buckets.size() == 1) {
      // One bucket holds each registration at most once: no duplicate check needed.
      buckets.get(0).forEach(member -> visit((Registration<S>) member, visitor, null));
      return;
    }
    // A registration with several selectors may sit in several buckets; only those need a check.
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (SubscriberBucket bucket : buckets) {
      bucket.forEach(member -> visit((Registration<S>) member, visitor, seen));
    }
  }

  private void visit(Registration<S> registration, Consumer<? super S> visitor, Set<Object> seen) {
    if (!registration.active) {
      return;
    }
    if (seen != null && registration.selectors.length > 1 && !seen.add(registration)) {
      return;
    }
    visitor.accept(registration.subscriber);
  }

  private static void addOnce(List<SubscriberBucket> buckets, SubscriberBucket bucket) {
    for (SubscriberBucket b : buckets) {
      if (b == bucket) {
        return;
      }
    }
    buckets.add(bucket);
  }

  /** Cached pattern matches for a topic, topped up with patterns added since they were cached. */
  private PatternEntry[] matchingPatterns(String topic, PatternEntry[] livePatterns, Work<S> work) {
    long newest = livePatterns[livePatterns.length - 1].sequence;
    CachedMatches cached = cache.get(topic);
    if (cached != null && cached.seenSequence() >= newest) {
      return cached.matched();
    }
    long seen = cached == null ? 0 : cached.seenSequence();
    List<PatternEntry> matched = new ArrayList<>();
    if (cached != null) {
      for (PatternEntry entry : cached.matched()) {
        if (entry.live) {
          matched.add(entry);
        }
      }
    }
    for (int i = firstAfter(livePatterns, seen); i < livePatterns.length; i++) {
      PatternEntry entry = livePatterns[i];
      if (work == null ? entry.selector.matches(topic) : measuredMatch(entry, topic, work)) {
        matched.add(entry);
      }
    }
    PatternEntry[] result = matched.toArray(new PatternEntry[0]);
    cache.put(topic, new CachedMatches(newest, result));
    return result;
  }

  private boolean measuredMatch(PatternEntry entry, String topic, Work<S> work) {
    TopicSelector selector = entry.selector;
    StepMeter meter;
    boolean matched;
    if (selector instanceof UrlPatternSelector url) {
      meter = new StepMeter(url.maxSteps());
      matched = url.matches(topic, meter);
    } else if (selector instanceof UriTemplateSelector template) {
      meter = new StepMeter(template.maxSteps());
      matched = template.matches(topic, meter);
    } else {
      return selector.matches(topic);
    }
    work.record(entry, meter.steps());
    return matched;
  }

  private static int firstAfter(PatternEntry[] entries, long sequence) {
    int low = 0;
    int high = entries.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (entries[mid].sequence <= sequence) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private TopicSelector add(TopicSelector selector, Registration<S> registration) {
    switch (selector.kind()) {
      case ALL:
        synchronized (all) {
          all.add(registration);
        }
        return selector;
      case EXACT:
        exact.compute(selector.expression(), (topic, bucket) -> {
          SubscriberBucket b = bucket != null ? bucket : new SubscriberBucket();
          b.add(registration);
          return b;
        });
        return selector;
      default:
        PatternEntry entry = patterns.compute(selector, (key, existing) -> {
          PatternEntry e = existing != null ? existing : newPatternEntry(key);
          e.members.add(registration);
          return e;
        });
        return entry.selector;
    }
  }

  private void remove(TopicSelector selector, Registration<S> registration) {
    switch (selector.kind()) {
      case ALL:
        synchronized (all) {
          all.remove(registration);
        }
        break;
      case EXACT:
        exact.computeIfPresent(selector.expression(), (topic, bucket) -> {
          bucket.remove(registration);
          return bucket.isEmpty() ? null : bucket;
        });
        break;
      default:
        patterns.computeIfPresent(selector, (key, entry) -> {
          entry.members.remove(registration);
          if (!entry.members.isEmpty()) {
            return entry;
          }
          dropPatternEntry(entry);
          return null;
        });
    }
  }

  private PatternEntry newPatternEntry(TopicSelector selector) {
    synchronized (patternLock) {
      PatternEntry entry = new PatternEntry(selector, nextSequence++);
      PatternEntry[] current = patternList;
      PatternEntry[] grown = Arrays.copyOf(current, current.length + 1);
      grown[current.length] = entry;
      patternList = grown;
      return entry;
    }
  }

  private void dropPatternEntry(PatternEntry entry) {
    synchronized (patternLock) {
      entry.live = false;
      PatternEntry[] current = patternList;
      int at = Arrays.asList(current).indexOf(entry);
      if (at >= 0) {
        PatternEntry[] shrunk = new PatternEntry[current.length - 1];
        System.arraycopy(current, 0, shrunk, 0, at);
        System.arraycopy(current, at + 1, shrunk, at, current.length - at - 1);
        patternList = shrunk;
      }
    }
  }
}
