package dev.sluice.hub.internal.dispatch;

import dev.sluice.hub.internal.selector.TopicMatcher;
import dev.sluice.server.EncodedEvent;
import dev.sluice.server.Fanout;
import dev.sluice.server.SseStream;
import dev.sluice.hub.internal.selector.TopicIndex;
import dev.sluice.hub.internal.selector.TopicSelector;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateListener;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hears every stored update (it is the log's {@link UpdateListener}) and sends it to every
 * matching, authorized subscriber, encoding it once.
 *
 * <h3>Threads</h3>
 * One dispatcher thread owns the {@link TopicIndex} and every subscriber's dispatch state.
 * Everything else talks to it through one bounded command queue, so updates, new subscribers,
 * departures and the end of a replay are applied in one order without locks.
 *
 * <h3>Two lanes: costly selectors cannot stall the others</h3>
 * The dispatcher above is the <em>fast lane</em>. It measures, in automaton steps, what matching
 * each update's topics cost and whose patterns the steps went to; a subscriber over {@link
 * MatchBudget#subscriberSteps()}, or the costliest ones when the update went over {@link
 * MatchBudget#dispatchSteps()}, is moved to the <em>slow lane</em>: a second dispatcher of the same
 * kind, with its own thread and index, that the fast lane feeds every update and every command for
 * its subscribers, in the fast lane's order. A subscriber whose patterns estimate costly when it
 * arrives ({@link MatchBudget#maxFastSubscriberCost()}, or a pattern already seen costly) starts
 * there. The move happens between two updates, so the moved subscriber misses none and gets none
 * twice. The fast lane never waits for the slow one: when the slow lane's queue is full it is reset,
 * and its subscribers are disconnected with a comment saying why (they reconnect with their last
 * event id). So the matching work each update costs the fast lane is bounded by the budget (plus
 * the first update a newly costly subscriber sees), whatever the other subscribers ask for.
 *
 * <h3>Replay joined to live</h3>
 * A subscriber that asked for history is added <em>catching up</em>: live updates that select it are
 * kept in its pending queue while history is read and sent from another thread. When replay
 * ends, {@link #goLive} sends the pending updates newer than the last replayed position and drops
 * the queue, so there is no gap (it was registered before history was read) and no duplicate
 * (positions compare). A pending queue past {@link #maxPending} closes the stream: the client
 * reconnects with its {@code Last-Event-ID} rather than the hub buffering without bound. A
 * subscriber moved to the slow lane takes its pending queue along.
 */
public final class Dispatcher implements UpdateListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
  /** Commands waiting for the dispatcher. Past this, the log's writer waits: backpressure. */
  static final int QUEUE_CAPACITY = 65_536;
  /** Free command slots kept for appenders that checked {@link #hasRoom} at the same time. */
  static final int ADMISSION_MARGIN = 1_024;
  /** Patterns remembered as costly, so that a reconnecting subscriber starts in the slow lane. */
  static final int COSTLY_PATTERNS = 4_096;
  static final String SLOW_LANE_RESET =
      "disconnected: your topic selectors cost too much to match and their queue fell behind;"
          + " reconnect with Last-Event-ID, or use simpler selectors";

  private final DispatchCounters counters;
  private final int maxPending;
  private final MatchBudget budget;
  private final BlockingQueue<Runnable> commands;
  private final Queue<Subscriber> removals = new ConcurrentLinkedQueue<>(); // See remove().
  private static final Runnable NUDGE = () -> {};
  private final TopicIndex<Subscriber> index = new TopicIndex<>(); // Written by this thread only.
  private final Map<String, Integer> exactTopics = new HashMap<>(); // This thread only.
  private final ArrayList<SseStream> targets = new ArrayList<>(); // This thread only.
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int subscriberCount;
  private volatile int exactTopicCount;

  // Fast lane only (null in the slow lane); this thread only.
  private final Dispatcher slow;
  private final TopicIndex.Work<Subscriber> work;
  private final Map<TopicSelector, Boolean> costlyPatterns;
  // Slow lane only: every subscriber handed over and not yet gone; added to by the fast lane.
  private final Set<Subscriber> members = ConcurrentHashMap.newKeySet();
  private volatile boolean overflowed; // Slow lane: set by the fast lane when a command was lost.

  public Dispatcher(DispatchCounters counters, int maxPending) {
    this(counters, maxPending, MatchBudget.DEFAULTS);
  }

  public Dispatcher(DispatchCounters counters, int maxPending, MatchBudget budget) {
    this(counters, maxPending, budget, false);
  }

  private Dispatcher(DispatchCounters counters, int maxPending, MatchBudget budget,
      boolean slowLane) {
    this.counters = counters;
    this.maxPending = maxPending;
    this.budget = budget;
    this.commands = new LinkedBlockingQueue<>(slowLane ? budget.slowLaneQueue() : QUEUE_CAPACITY);
    this.slow = slowLane ? null : new Dispatcher(counters, maxPending, budget, true);
    this.work = slowLane ? null : new TopicIndex.Work<>();
    this.costlyPatterns = slowLane ? null : new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<TopicSelector, Boolean> eldest) {
        return size() > COSTLY_PATTERNS;
      }
    };
    this.thread = new Thread(this::run, slowLane ? "sluice-dispatcher-slow" : "sluice-dispatcher");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
    if (slow != null) {
      slow.start();
    }
  }

  @Override
  public void onUpdates(List<StoredUpdate> updates) {
    enqueue(() -> updates.forEach(this::dispatch));
  }

  /**
   * Room for more updates with a margin: more than {@link #ADMISSION_MARGIN} free slots, far more
   * than the threads that can append at once, so a caller that checked never blocks in {@code put}.
   */
  @Override
  public boolean hasRoom() {
    return commands.remainingCapacity() > ADMISSION_MARGIN;
  }

  /** Adds a subscriber that receives live updates from now on; its stream must be attached. */
  public void addLive(Subscriber subscriber) {
    enqueue(() -> add(subscriber));
  }

  /**
   * Adds a subscriber whose live updates are held back until {@link #goLive}. Completes once it is
   * registered: history read after that cannot miss an update.
   */
  public CompletableFuture<Void> addCatchingUp(Subscriber subscriber) {
    CompletableFuture<Void> registered = new CompletableFuture<>();
    enqueue(() -> {
      subscriber.pending = new ArrayDeque<>();
      add(subscriber);
      registered.complete(null);
    });
    return registered;
  }

  /**
   * Ends a subscriber's replay: sends its held-back updates newer than {@code lastReplayed} (a
   * log position), then delivers live. Its stream must be attached.
   */
  public void goLive(Subscriber subscriber, long lastReplayed) {
    enqueue(() -> {
      if (subscriber.inSlowLane) {
        forward(() -> slow.sendPending(subscriber, lastReplayed));
      } else {
        sendPending(subscriber, lastReplayed);
      }
    });
  }

  private void sendPending(Subscriber subscriber, long lastReplayed) {
    if (subscriber.evicted) {
      closeEvicted(subscriber); // Its stream may have been attached after the slow lane reset.
      return;
    }
    ArrayDeque<StoredUpdate> pending = subscriber.pending;
    subscriber.pending = null;
    if (subscriber.removed || pending == null) {
      return;
    }
    for (StoredUpdate stored : pending) {
      if (stored.position() > lastReplayed) {
        subscriber.stream().send(UpdateEvents.toEvent(stored.update()));
        counters.deliveries.increment();
      }
    }
  }

  /**
   * Removes a subscriber; called when its stream closes, often on an event loop, so it never
   * blocks: removals bypass the bounded command queue through a queue of their own, which holds
   * each subscriber at most once and so never more than the hub's connections. The dispatcher
   * applies them before its next command; a removal that overtakes its subscriber's add is safe,
   * because the add then finds the subscriber removed.
   */
  public void remove(Subscriber subscriber) {
    if (!running || !subscriber.claimRemoval()) {
      return;
    }
    queueRemoval(subscriber);
  }

  private void queueRemoval(Subscriber subscriber) {
    removals.add(subscriber);
    commands.offer(NUDGE); // Wakes an idle dispatcher; a full queue means it is busy anyway.
  }

  private void applyRemovals() {
    for (Subscriber subscriber; (subscriber = removals.poll()) != null; ) {
      if (slow != null && subscriber.inSlowLane) {
        slow.queueRemoval(subscriber); // Its state belongs to the slow lane now.
      } else if (!subscriber.removed) {
        subscriber.removed = true;
        subscriber.pending = null;
        unregister(subscriber);
        members.remove(subscriber);
      }
    }
  }

  /** Subscribers known to the dispatcher now, in both lanes (may be a moment old). */
  public int subscriberCount() {
    return subscriberCount + (slow == null ? 0 : slow.subscriberCount);
  }

  /** Subscribers in the slow lane now (may be a moment old). */
  public int slowLaneSubscriberCount() {
    return slow == null ? subscriberCount : slow.subscriberCount;
  }

  /** Distinct exact topics and patterns subscribed to now (may be a moment old). */
  public int exactTopicCount() {
    return exactTopicCount + (slow == null ? 0 : slow.exactTopicCount);
  }

  /** Commands waiting now. */
  public int queueDepth() {
    return commands.size();
  }

  /**
   * Completes once everything queued before it is done, in both lanes (or, if the slow lane could
   * not take it, once the fast lane is done: the slow lane then disconnects its subscribers).
   */
  public CompletableFuture<Void> barrier() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    enqueue(() -> {
      if (slow == null || !slow.commands.offer(new Barrier(done))) {
        done.complete(null);
      }
    });
    return done;
  }

  /** A barrier in the slow lane: completed even when a reset drops it. */
  private record Barrier(CompletableFuture<Void> done) implements Runnable {
    @Override
    public void run() {
      done.complete(null);
    }
  }

  private void add(Subscriber subscriber) {
    if (slow == null && subscriber.evicted) {
      closeEvicted(subscriber);
      return;
    }
    if (subscriber.removed || subscriber.registration != null) {
      return;
    }
    if (slow != null && startsSlow(subscriber)) {
      moveToSlowLane(subscriber);
      return;
    }
    List<TopicSelector> selectors = new ArrayList<>(subscriber.matchers().size());
    for (TopicMatcher matcher : subscriber.matchers()) {
      selectors.add(matcher.selector());
      if (matcher.selector().kind() == TopicSelector.Kind.EXACT) {
        exactTopics.merge(matcher.match(), 1, Integer::sum);
      }
    }
    subscriber.registration = index.register(subscriber, selectors);
    publishSizes();
  }

  /** Whether a new subscriber's patterns are known or estimated to cost too much to share a lane. */
  private boolean startsSlow(Subscriber subscriber) {
    long added = 0;
    Set<TopicSelector> counted = new HashSet<>();
    for (TopicMatcher matcher : subscriber.matchers()) {
      TopicSelector selector = matcher.selector();
      if (costlyPatterns.containsKey(selector)) {
        return true;
      }
      if (counted.add(selector) && !index.hasPattern(selector)) {
        added += selector.cost();
      }
    }
    return added > budget.maxFastSubscriberCost();
  }

  /** Hands a subscriber, registered here or not yet, to the slow lane (fast lane thread). */
  private void moveToSlowLane(Subscriber subscriber) {
    if (subscriber.registration != null) {
      unregister(subscriber);
    }
    subscriber.inSlowLane = true;
    counters.slowLaneSubscribers.increment();
    slow.members.add(subscriber); // Before its add: a reset that drops the add still evicts it.
    forward(() -> slow.add(subscriber));
  }

  /** Queues a command on the slow lane without waiting; a lost command resets the slow lane. */
  private void forward(Runnable command) {
    if (!slow.commands.offer(command)) {
      slow.overflowed = true;
      slow.commands.offer(NUDGE);
    }
  }

  private void unregister(Subscriber subscriber) {
    if (subscriber.registration != null) {
      index.unregister(subscriber.registration);
      subscriber.registration = null;
      for (TopicMatcher matcher : subscriber.matchers()) {
        if (matcher.selector().kind() == TopicSelector.Kind.EXACT) {
          exactTopics.computeIfPresent(matcher.match(), (t, n) -> n == 1 ? null : n - 1);
        }
      }
    }
    publishSizes();
  }

  private void dispatch(StoredUpdate stored) {
    Update update = stored.update();
    targets.clear();
    if (work != null) {
      work.clear();
    }
    index.forEachMatch(update.topics(), subscriber -> {
      if (!subscriber.access().mayReceive(update)) {
        return;
      }
      ArrayDeque<StoredUpdate> pending = subscriber.pending;
      if (pending == null) {
        targets.add(subscriber.stream());
      } else if (pending.size() < maxPending) {
        pending.add(stored);
      } else {
        overflow(subscriber);
      }
    }, work);
    counters.updatesDispatched.increment();
    if (!targets.isEmpty()) {
      // Encoded once; our reference is released when the block ends, each stream holds its own
      // retained duplicate until written (Fanout's ownership rules).
      try (EncodedEvent encoded = EncodedEvent.of(UpdateEvents.toEvent(update))) {
        Fanout.send(encoded, targets);
      }
      counters.deliveries.add(targets.size());
      targets.clear();
    }
    if (slow != null) {
      // This update first, then any move: a moved subscriber gets the next update from the slow
      // lane, and this one from here only.
      if (!slow.members.isEmpty()) {
        forward(() -> slow.dispatch(stored));
      }
      counters.matchSteps.add(work.total());
      if (work.total() > budget.subscriberSteps()) {
        enforceBudget();
      }
    }
  }

  /**
   * Moves to the slow lane every subscriber whose patterns cost more than its share for the update
   * just matched, then the costliest others until the rest fit the update's budget; remembers the
   * patterns that made them costly.
   */
  private void enforceBudget() {
    List<Map.Entry<Subscriber, Long>> costs = new ArrayList<>(work.bySubscriber().entrySet());
    costs.sort(Map.Entry.<Subscriber, Long>comparingByValue().reversed());
    long remaining = work.total();
    for (Map.Entry<Subscriber, Long> cost : costs) {
      if (cost.getValue() <= budget.subscriberSteps() && remaining <= budget.dispatchSteps()) {
        break;
      }
      Subscriber subscriber = cost.getKey();
      remaining -= cost.getValue();
      if (!subscriber.removed && subscriber.registration != null) {
        LOG.log(Level.DEBUG, "event=subscriber_to_slow_lane subscriber={0} steps={1}",
            subscriber.id(), cost.getValue());
        moveToSlowLane(subscriber);
      }
    }
    for (TopicSelector pattern : work.patternsCostingAtLeast(budget.costlyMatchSteps())) {
      costlyPatterns.put(pattern, Boolean.TRUE);
    }
  }

  private void overflow(Subscriber subscriber) {
    LOG.log(Level.WARNING, "event=replay_overflow subscriber={0} pending={1}",
        subscriber.id(), maxPending);
    counters.droppedSubscribers.increment();
    subscriber.pending = null;
    subscriber.removed = true;
    unregister(subscriber);
    members.remove(subscriber);
    SseStream stream = subscriber.stream();
    if (stream != null) {
      stream.close();
    }
  }

  /**
   * Slow lane: the fast lane lost a command for it, so every subscriber here may have missed an
   * update. Drops what is queued and disconnects them all, saying why; they reconnect with their
   * last event id and replay what they missed from history.
   */
  private void reset(Runnable polled) {
    overflowed = false;
    List<Runnable> dropped = new ArrayList<>();
    if (polled != null) {
      dropped.add(polled);
    }
    commands.drainTo(dropped);
    for (Runnable command : dropped) {
      if (command instanceof Barrier) {
        command.run();
      }
    }
    int evicted = 0;
    for (Subscriber subscriber : members) {
      members.remove(subscriber);
      subscriber.evicted = true;
      subscriber.pending = null;
      if (!subscriber.removed) {
        subscriber.removed = true;
        unregister(subscriber);
      }
      counters.slowLaneEvictions.increment();
      closeEvicted(subscriber);
      evicted++;
    }
    LOG.log(Level.WARNING, "event=slow_lane_reset evicted={0} dropped_commands={1}", evicted,
        dropped.size());
  }

  private static void closeEvicted(Subscriber subscriber) {
    SseStream stream = subscriber.stream();
    if (stream != null && stream.isOpen()) {
      stream.comment(SLOW_LANE_RESET);
      stream.close();
    }
  }

  private void publishSizes() {
    subscriberCount = index.size();
    exactTopicCount = exactTopics.size() + index.patternCount();
  }

  private void enqueue(Runnable command) {
    if (!running) {
      return;
    }
    try {
      commands.put(command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while queueing for the dispatcher", e);
    }
  }

  private void run() {
    while (running || !commands.isEmpty()) {
      try {
        Runnable command = commands.poll(100, TimeUnit.MILLISECONDS);
        if (overflowed) {
          reset(command);
          command = null;
        }
        applyRemovals();
        if (command != null) {
          long start = System.nanoTime();
          command.run();
          if (slow == null) {
            rest(System.nanoTime() - start);
          }
        }
      } catch (InterruptedException e) {
        running = false;
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "event=dispatch_failed", e);
      }
    }
  }

  /** Slow lane: keeps its share of a core to {@link MatchBudget#slowLanePercent()}. */
  private void rest(long busyNanos) throws InterruptedException {
    long rest = budget.restNanos(busyNanos);
    if (rest > 0 && running) {
      TimeUnit.NANOSECONDS.sleep(rest); // a rate limit, not a hand-off: nothing waits for it
    }
  }

  /**
   * Stops the threads after the commands queued so far. Streams are the server's to close (it
   * sends them a randomized retry first); the dispatcher only stops feeding them.
   */
  @Override
  public void close() {
    CompletableFuture<Void> drained = barrier();
    running = false;
    try {
      drained.get(10, TimeUnit.SECONDS);
      thread.join(10_000);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "event=dispatcher_close_incomplete", e);
    }
    if (slow != null) {
      slow.close();
    }
  }
}
