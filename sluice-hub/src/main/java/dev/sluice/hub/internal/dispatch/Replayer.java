package dev.sluice.hub.internal.dispatch;

import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.UpdateLog;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Replays history to a reconnecting subscriber and decides its {@code Mercure-Last-Event-ID}.
 *
 * <p>{@link #prepare} runs before the response is sent (the header depends on it): it registers
 * the subscriber as catching up, then looks the requested id up. {@link #start} runs once the
 * stream is open: it sends history page by page on the replay executor, re-checking each update
 * against the subscriber's matchers and current token, then hands over to live delivery.
 */
public final class Replayer {
  private static final System.Logger LOG = System.getLogger(Replayer.class.getName());
  /** The reserved {@code Last-Event-ID} value asking for all history, and the "unknown" answer. */
  public static final String EARLIEST = "earliest";
  static final int PAGE_SIZE = 500;

  private final UpdateLog log;
  private final Dispatcher dispatcher;
  private final Executor executor;
  private final DispatchCounters counters;
  private final int backwardScanLimit;

  /**
   * A prepared replay.
   *
   * @param responseLastEventId the {@code Mercure-Last-Event-ID} to answer with
   * @param firstPage history to send first; empty when nothing is replayed
   * @param after the position the first page started after (for the next page)
   */
  public record Plan(String responseLastEventId, Optional<History> firstPage, long after) {}

  public Replayer(UpdateLog log, Dispatcher dispatcher, Executor executor,
      DispatchCounters counters, int backwardScanLimit) {
    this.log = log;
    this.dispatcher = dispatcher;
    this.executor = executor;
    this.counters = counters;
    this.backwardScanLimit = backwardScanLimit;
  }

  /** Registers a subscriber that wants no history; it goes live when its stream opens. */
  public Plan prepareLive(Subscriber subscriber) throws Exception {
    dispatcher.addCatchingUp(subscriber).get(10, TimeUnit.SECONDS);
    return new Plan("", Optional.empty(), Long.MIN_VALUE);
  }

  /**
   * Registers {@code subscriber} as catching up and reads the first page after
   * {@code lastEventId}. Blocks on the log; call it where blocking is allowed.
   */
  public Plan prepare(Subscriber subscriber, String lastEventId) throws Exception {
    dispatcher.addCatchingUp(subscriber).get(10, TimeUnit.SECONDS);
    if (EARLIEST.equals(lastEventId)) {
      History page = log.historyFrom(log.origin(), PAGE_SIZE).toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      counters.replayHits.increment();
      return new Plan(EARLIEST, Optional.of(page), log.origin());
    }
    HistoryLookup lookup = log.historyAfter(lastEventId, PAGE_SIZE).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    if (lookup instanceof HistoryLookup.Found found) {
      counters.replayHits.increment();
      StoredUpdate anchor = found.history().anchor().orElseThrow();
      return new Plan(visiblePredecessor(subscriber, anchor), Optional.of(found.history()),
          anchor.position());
    }
    counters.replayMisses.increment();
    return new Plan(EARLIEST, Optional.empty(), Long.MIN_VALUE);
  }

  /**
   * The most recent update at or before {@code anchor} the subscriber may receive, within the
   * backward-scan limit; {@code earliest} otherwise. Never discloses an id it may not see.
   */
  private String visiblePredecessor(Subscriber subscriber, StoredUpdate anchor) throws Exception {
    if (subscriber.access().mayReceive(anchor.update())) {
      return anchor.id();
    }
    List<StoredUpdate> before = log.historyBefore(anchor.position(), backwardScanLimit)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (StoredUpdate candidate : before) {
      if (subscriber.access().mayReceive(candidate.update())) {
        return candidate.id();
      }
    }
    return EARLIEST;
  }

  /** Sends the planned history on the replay executor, then switches the subscriber to live. */
  public void start(Subscriber subscriber, Plan plan) {
    if (plan.firstPage().isEmpty()) {
      dispatcher.goLive(subscriber, Long.MIN_VALUE);
      return;
    }
    executor.execute(() -> {
      long last = plan.after();
      try {
        History page = plan.firstPage().get();
        while (true) {
          for (StoredUpdate stored : page.updates()) {
            if (subscriber.wants(stored.update())) {
              subscriber.stream().send(UpdateEvents.toEvent(stored.update()));
              counters.replayed.increment();
            }
          }
          last = page.lastPosition(last);
          if (page.complete() || page.updates().isEmpty() || !subscriber.stream().isOpen()) {
            break;
          }
          page = log.historyFrom(last, PAGE_SIZE).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        LOG.log(Level.WARNING, "event=replay_failed subscriber=" + subscriber.id(), e);
        subscriber.stream().close();
      }
      dispatcher.goLive(subscriber, last);
    });
  }
}
