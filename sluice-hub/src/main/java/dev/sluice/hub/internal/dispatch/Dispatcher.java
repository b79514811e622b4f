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
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hears every stored update (it is the log's {@link UpdateListener}) and sends it to every
 * matching, authorized subscriber, encoding it once.
 *
 * <h3>Threads</h3>
 * One dispatcher thread owns the {@link SubscriberIndex} and every subscriber's dispatch state.
 * Everything else talks to it through one bounded command queue, so updates, new subscribers,
 * departures and the end of a replay are applied in one order without locks.
 *
 * <h3>Replay joined to live</h3>
 * A subscriber that asked for history is added <em>catching up</em>: live updates that select it are
 * kept in its pending queue while history is read and sent from another thread. When replay
 * ends, {@link #goLive} sends the pending updates newer than the last replayed position and drops
 * the queue, so there is no gap (it was registered before history was read) and no duplicate
 * (positions compare). A pending queue past {@link #maxPending} closes the stream: the client
 * reconnects with its {@code Last-Event-ID} rather than the hub buffering without bound.
 */
public final class Dispatcher implements UpdateListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
  /** Commands waiting for the dispatcher. Past this, the log's writer waits: backpressure. */
  static final int QUEUE_CAPACITY = 65_536;
  /** Free command slots kept for appenders that checked {@link #hasRoom} at the same time. */
  static final int ADMISSION_MARGIN = 1_024;

  private final DispatchCounters counters;
  private final int maxPending;
  private final BlockingQueue<Runnable> commands = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final Queue<Subscriber> removals = new ConcurrentLinkedQueue<>(); // See remove().
  private static final Runnable NUDGE = () -> {};
  private final TopicIndex<Subscriber> index = new TopicIndex<>(); // Written by the dispatcher only.
  private final Map<String, Integer> exactTopics = new HashMap<>(); // Dispatcher thread only.
  private final ArrayList<SseStream> targets = new ArrayList<>(); // Dispatcher thread only.
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int subscriberCount;
  private volatile int exactTopicCount;

  public Dispatcher(DispatchCounters counters, int maxPending) {
    this.counters = counters;
    this.maxPending = maxPending;
    this.thread = new Thread(this::run, "sluice-dispatcher");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
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
    });
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
    removals.add(subscriber);
    commands.offer(NUDGE); // Wakes an idle dispatcher; a full queue means it is busy anyway.
  }

  private void applyRemovals() {
    for (Subscriber subscriber; (subscriber = removals.poll()) != null; ) {
      if (!subscriber.removed) {
        subscriber.removed = true;
        subscriber.pending = null;
        unregister(subscriber);
      }
    }
  }

  /** Subscribers known to the dispatcher now (may be a moment old). */
  public int subscriberCount() {
    return subscriberCount;
  }

  /** Distinct exact topics subscribed to now (may be a moment old). */
  public int exactTopicCount() {
    return exactTopicCount;
  }

  /** Commands waiting now. */
  public int queueDepth() {
    return commands.size();
  }

  /** Runs {@code task} on the dispatcher thread after everything queued before it. */
  public CompletableFuture<Void> barrier() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    enqueue(() -> done.complete(null));
    return done;
  }

  private void add(Subscriber subscriber) {
    if (!subscriber.removed && subscriber.registration == null) {
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
    });
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
  }

  private void overflow(Subscriber subscriber) {
    LOG.log(Level.WARNING, "event=replay_overflow subscriber={0} pending={1}",
        subscriber.id(), maxPending);
    counters.droppedSubscribers.increment();
    subscriber.pending = null;
    subscriber.removed = true;
    unregister(subscriber);
    SseStream stream = subscriber.stream();
    if (stream != null) {
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
        applyRemovals();
        if (command != null) {
          command.run();
        }
      } catch (InterruptedException e) {
        running = false;
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "event=dispatch_failed", e);
      }
    }
  }

  /**
   * Stops the thread after the commands queued so far. Streams are the server's to close (it sends
   * them a randomized retry first); the dispatcher only stops feeding them.
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
  }
}
