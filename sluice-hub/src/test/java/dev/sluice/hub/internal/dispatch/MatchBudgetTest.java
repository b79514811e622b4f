package dev.sluice.hub.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.internal.auth.SubscriberAccess;
import dev.sluice.hub.internal.selector.MatchType;
import dev.sluice.hub.internal.selector.SelectorLimits;
import dev.sluice.hub.internal.selector.TopicMatcher;
import dev.sluice.hub.internal.selector.TopicSelectors;
import dev.sluice.hub.internal.store.MemoryUpdateLog;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.Update;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, hole 1: subscribers with costly selectors must not slow delivery for the others. The
 * dispatcher's shared matching work is read from its step counter, never timed: on the code before
 * the fix every costly pattern was matched on the one dispatcher thread for every new topic
 * (hundreds of thousands of steps per update here, growing with every attacker).
 */
class MatchBudgetTest {
  private static final MatchBudget BUDGET = new MatchBudget(20_000, 100_000, 5_000, 2_048, 64, 100);
  private static final TopicSelectors SELECTORS =
      TopicSelectors.create(SelectorLimits.defaults(), "https://example.com/.well-known/mercure");

  private final DispatchCounters counters = new DispatchCounters();
  private final ExecutorService replayExecutor = Executors.newSingleThreadExecutor();
  private final MemoryUpdateLog log = new MemoryUpdateLog(Retention.DEFAULT, Clock.systemUTC());
  private final Dispatcher dispatcher = new Dispatcher(counters, 100, BUDGET);
  private final Replayer replayer = new Replayer(log, dispatcher, replayExecutor, counters, 10);
  private int published;

  MatchBudgetTest() {
    log.subscribe(dispatcher);
    dispatcher.start();
  }

  @AfterEach
  void stop() {
    dispatcher.close();
    replayExecutor.shutdownNow();
  }

  /** The shape, cut to fit the selector cost limit: about 8,000 steps per match here. */
  static TopicMatcher costly(int subscriber, int pattern) {
    return new TopicMatcher(MatchType.URL_PATTERN, SELECTORS.urlPattern(
        "https://example.com/:g" + subscriber + "x" + pattern + "((?:.*.*.*){100})"));
  }

  static TopicMatcher exact(String topic) {
    return new TopicMatcher(MatchType.EXACT, SELECTORS.exact(topic));
  }

  static TopicMatcher pattern(String pattern) {
    return new TopicMatcher(MatchType.URL_PATTERN, SELECTORS.urlPattern(pattern));
  }

  RecordingStream live(RecordingStream stream, TopicMatcher... matchers) throws Exception {
    Subscriber subscriber = new Subscriber("s", List.of(matchers), SubscriberAccess.ANONYMOUS);
    subscriber.attach(stream);
    dispatcher.addLive(subscriber);
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    return stream;
  }

  RecordingStream live(TopicMatcher... matchers) throws Exception {
    return live(new RecordingStream(), matchers);
  }

  /** Publishes to a new topic (so no cached match result helps), as the attack did. */
  String publishNewTopic() throws Exception {
    String id = String.valueOf(++published);
    log.append(Update.builder().id(id).topic("https://example.com/attack/" + (10_000 + published))
        .topic("https://example.com/honest").data(id).build())
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    return id;
  }

  /** Steps the shared path spent on one more update to a new topic. */
  long stepsOfOneUpdate() throws Exception {
    long before = counters.matchSteps.sum();
    publishNewTopic();
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    return counters.matchSteps.sum() - before;
  }

  @Test
  void costlySubscribersLeaveTheSharedPathAndTheRestStayWithinTheBudget() throws Exception {
    RecordingStream honest = live(exact("https://example.com/honest"),
        pattern("https://example.com/books/:id"));
    List<RecordingStream> attackers = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      // Two patterns each: estimated under the budget, so they start on the shared path.
      attackers.add(live(costly(n, 0), costly(n, 1)));
    }
    assertThat(dispatcher.slowLaneSubscriberCount()).isZero();

    long first = stepsOfOneUpdate();

    assertThat(first).as("the first new topic: every costly pattern matched once")
        .isGreaterThan(20 * 2 * 5_000L);
    assertThat(dispatcher.slowLaneSubscriberCount()).isGreaterThanOrEqualTo(14);
    for (int i = 0; i < 5; i++) {
      assertThat(stepsOfOneUpdate()).as("a later update's shared matching")
          .isLessThanOrEqualTo(BUDGET.dispatchSteps());
    }

    // Nobody lost or repeated an update across the move.
    for (int id = 1; id <= 6; id++) {
      assertThat(honest.nextId()).isEqualTo(String.valueOf(id));
      for (RecordingStream attacker : attackers) {
        assertThat(attacker.nextId()).isEqualTo(String.valueOf(id));
      }
    }
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    honest.assertExhausted();
    attackers.forEach(RecordingStream::assertExhausted);
    assertThat(counters.slowLaneSubscribers.sum()).isEqualTo(dispatcher.slowLaneSubscriberCount());
  }

  @Test
  void aSubscriberWhosePatternsEstimateCostlyStartsInTheSlowLane() throws Exception {
    TopicMatcher[] many = new TopicMatcher[10];
    for (int m = 0; m < many.length; m++) {
      many[m] = costly(0, m);
    }
    RecordingStream attacker = live(many);
    assertThat(dispatcher.slowLaneSubscriberCount()).isEqualTo(1);
    assertThat(stepsOfOneUpdate()).isZero();
    assertThat(attacker.nextId()).isEqualTo("1");
  }

  @Test
  void aPatternOnceMeasuredCostlyStartsItsNextSubscriberInTheSlowLane() throws Exception {
    // Estimated cheap enough (three patterns); measured over the budget on the first update.
    live(costly(0, 0), costly(0, 1), costly(0, 2));
    assertThat(stepsOfOneUpdate()).isGreaterThan(BUDGET.costlyMatchSteps());
    assertThat(dispatcher.slowLaneSubscriberCount()).isEqualTo(1);

    RecordingStream again = live(costly(0, 0)); // the same pattern, a new connection
    assertThat(dispatcher.slowLaneSubscriberCount()).isEqualTo(2);
    assertThat(stepsOfOneUpdate()).isZero();
    assertThat(again.nextId()).isEqualTo("2");
  }

  @Test
  void honestDeliveryNeverWaitsForTheSlowLaneWhichDisconnectsWhenItFallsBehind() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    TopicMatcher[] many = new TopicMatcher[10];
    for (int m = 0; m < many.length; m++) {
      many[m] = costly(0, m);
    }
    RecordingStream stuck = live(new RecordingStream(gate), many); // starts in the slow lane
    RecordingStream honest = live(exact("https://example.com/honest"));
    try {
      publishNewTopic();
      assertThat(stuck.awaitSendEntered()).isTrue(); // the slow lane's thread is held now
      for (int i = 0; i < 3 * BUDGET.slowLaneQueue(); i++) {
        publishNewTopic();
      }
      for (int id = 1; id <= published; id++) {
        assertThat(honest.nextId()).as("delivered while the slow lane is held")
            .isEqualTo(String.valueOf(id));
      }
    } finally {
      gate.countDown();
    }
    assertThat(stuck.awaitClosed()).isTrue();
    assertThat(stuck.comments()).containsExactly(Dispatcher.SLOW_LANE_RESET);
    assertThat(counters.slowLaneEvictions.sum()).isEqualTo(1);
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    assertThat(dispatcher.slowLaneSubscriberCount()).isZero();
    assertThat(dispatcher.subscriberCount()).isEqualTo(1);
  }

  @Test
  void aCatchingUpSubscriberMovedToTheSlowLaneKeepsItsHeldBackUpdates() throws Exception {
    publishNewTopic(); // 1
    Subscriber subscriber = new Subscriber("s", List.of(costly(0, 0), costly(0, 1), costly(0, 2)),
        SubscriberAccess.ANONYMOUS);
    Replayer.Plan plan = replayer.prepare(subscriber, "1");
    publishNewTopic(); // 2: held back in the fast lane, then the subscriber moves with it
    publishNewTopic(); // 3: held back in the slow lane
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    assertThat(dispatcher.slowLaneSubscriberCount()).isEqualTo(1);
    RecordingStream stream = new RecordingStream();
    subscriber.attach(stream);
    replayer.start(subscriber, plan);
    publishNewTopic(); // 4: live from the slow lane
    assertThat(List.of(stream.nextId(), stream.nextId(), stream.nextId()))
        .containsExactly("2", "3", "4");
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    stream.assertExhausted();
  }

  @Test
  void removingASlowLaneSubscriberRemovesItFromTheSlowLane() throws Exception {
    TopicMatcher[] many = new TopicMatcher[10];
    for (int m = 0; m < many.length; m++) {
      many[m] = costly(0, m);
    }
    Subscriber subscriber = new Subscriber("s", List.of(many), SubscriberAccess.ANONYMOUS);
    subscriber.attach(new RecordingStream());
    dispatcher.addLive(subscriber);
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    assertThat(dispatcher.slowLaneSubscriberCount()).isEqualTo(1);
    dispatcher.remove(subscriber);
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    assertThat(dispatcher.subscriberCount()).isZero();
  }

  @Test
  void budgetsMustBePositive() {
    assertThatThrownBy(() -> new MatchBudget(0, 1, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MatchBudget(1, 1, 1, 1, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MatchBudget(1, 1, 1, 1, 1, 101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSlowLaneRestsInProportionToItsWorkAndAtMostASecond() {
    MatchBudget quarter = MatchBudget.DEFAULTS;
    assertThat(quarter.slowLanePercent()).isEqualTo(25);
    assertThat(quarter.restNanos(1_000_000)).isEqualTo(3_000_000); // busy 1 ms, rest 3 ms
    assertThat(quarter.restNanos(10_000_000_000L)).isEqualTo(1_000_000_000L);
    assertThat(BUDGET.restNanos(1_000_000)).isZero(); // 100 %: never rests
  }
}
