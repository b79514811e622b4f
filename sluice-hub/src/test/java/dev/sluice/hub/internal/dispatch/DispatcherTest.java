package dev.sluice.hub.internal.dispatch;

import dev.sluice.hub.internal.selector.MatchType;
import dev.sluice.hub.internal.auth.SubscriberAccess;
import dev.sluice.hub.internal.selector.TopicMatcher;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.internal.selector.SelectorLimits;
import dev.sluice.hub.internal.selector.TopicSelectors;
import dev.sluice.hub.internal.store.MemoryUpdateLog;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.Update;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  private final DispatchCounters counters = new DispatchCounters();
  private final ExecutorService replayExecutor = Executors.newSingleThreadExecutor();
  private MemoryUpdateLog log;
  private Dispatcher dispatcher;
  private Replayer replayer;

  @BeforeEach
  void start() {
    start(100);
  }

  void start(int maxPending) {
    log = new MemoryUpdateLog(Retention.DEFAULT, Clock.systemUTC());
    dispatcher = new Dispatcher(counters, maxPending);
    log.subscribe(dispatcher);
    dispatcher.start();
    replayer = new Replayer(log, dispatcher, replayExecutor, counters, 10);
  }

  @AfterEach
  void stop() {
    dispatcher.close();
    replayExecutor.shutdownNow();
  }

  private static final TopicSelectors SELECTORS =
      TopicSelectors.create(SelectorLimits.defaults(), "https://hub.example/.well-known/mercure");

  static TopicMatcher exact(String topic) {
    return new TopicMatcher(MatchType.EXACT, SELECTORS.exact(topic));
  }

  static TopicMatcher pattern(String pattern) {
    return new TopicMatcher(MatchType.URL_PATTERN, SELECTORS.urlPattern(pattern));
  }

  static SubscriberAccess granted(Set<String> topics) {
    return new SubscriberAccess() {
      public boolean maySubscribe(String topic) { return topics.contains(topic); }
      public Optional<Instant> expiresAt() { return Optional.empty(); }
      public Optional<String> subject() { return Optional.of("alice"); }
    };
  }

  Update publish(String id, String topic, boolean isPrivate) throws Exception {
    Update update = Update.builder().id(id).topic(topic).privateUpdate(isPrivate).data(id).build();
    log.append(update).toCompletableFuture().get(5, TimeUnit.SECONDS);
    return update;
  }

  RecordingStream live(SubscriberAccess access, TopicMatcher... matchers) throws Exception {
    Subscriber subscriber = new Subscriber("s", List.of(matchers), access);
    RecordingStream stream = new RecordingStream();
    subscriber.attach(stream);
    dispatcher.addLive(subscriber);
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    return stream;
  }

  @Test
  void deliversToExactWildcardAndPatternSubscribersOnly() throws Exception {
    RecordingStream exactA = live(SubscriberAccess.ANONYMOUS, exact("https://ex/a"));
    RecordingStream all = live(SubscriberAccess.ANONYMOUS, exact("*"));
    RecordingStream books = live(SubscriberAccess.ANONYMOUS, pattern("https://ex/books/:id"));
    publish("1", "https://ex/a", false);
    publish("2", "https://ex/books/7", false);
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    assertThat(exactA.nextId()).isEqualTo("1");
    assertThat(all.nextId()).isEqualTo("1");
    assertThat(all.nextId()).isEqualTo("2");
    assertThat(books.nextId()).isEqualTo("2");
    exactA.assertExhausted();
    books.assertExhausted();
    all.assertExhausted();
  }

  @Test
  void subscriberMatchingSeveralWaysGetsAnUpdateOnce() throws Exception {
    RecordingStream stream = live(SubscriberAccess.ANONYMOUS,
        exact("https://ex/a"), exact("https://ex/b"), exact("*"), pattern("https://ex/:x"));
    log.append(Update.builder().id("1").topic("https://ex/a").topic("https://ex/b").build());
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    assertThat(stream.nextId()).isEqualTo("1");
    stream.assertExhausted();
  }

  @Test
  void privateUpdatesReachOnlyGrantedSubscribers() throws Exception {
    RecordingStream anonymous = live(SubscriberAccess.ANONYMOUS, exact("*"));
    RecordingStream alice = live(granted(Set.of("https://ex/secret")), exact("*"));
    publish("p1", "https://ex/secret", true);
    publish("p2", "https://ex/other", true);
    publish("pub", "https://ex/secret", false);
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    assertThat(alice.nextId()).isEqualTo("p1");
    assertThat(alice.nextId()).isEqualTo("pub");
    assertThat(anonymous.nextId()).isEqualTo("pub");
    alice.assertExhausted();
    anonymous.assertExhausted();
  }

  @Test
  void replayJoinsLiveWithoutGapOrDuplicate() throws Exception {
    publish("1", "t", false);
    publish("2", "t", false);
    Subscriber subscriber = new Subscriber("s", List.of(exact("t")), SubscriberAccess.ANONYMOUS);
    Replayer.Plan plan = replayer.prepare(subscriber, "1");
    // Published after registration and before the stream opens: in history and held back too.
    publish("3", "t", false);
    RecordingStream stream = new RecordingStream();
    subscriber.attach(stream);
    replayer.start(subscriber, plan);
    publish("4", "t", false);
    assertThat(plan.responseLastEventId()).isEqualTo("1");
    assertThat(List.of(stream.nextId(), stream.nextId(), stream.nextId()))
        .containsExactly("2", "3", "4");
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    stream.assertExhausted();
  }

  @Test
  void earliestReplaysAllHistory() throws Exception {
    publish("1", "t", false);
    publish("2", "other", false);
    publish("3", "t", false);
    Subscriber subscriber = new Subscriber("s", List.of(exact("t")), SubscriberAccess.ANONYMOUS);
    Replayer.Plan plan = replayer.prepare(subscriber, "earliest");
    RecordingStream stream = new RecordingStream();
    subscriber.attach(stream);
    replayer.start(subscriber, plan);
    assertThat(plan.responseLastEventId()).isEqualTo("earliest");
    assertThat(List.of(stream.nextId(), stream.nextId())).containsExactly("1", "3");
  }

  @Test
  void unknownIdAnswersEarliestAndReplaysNothing() throws Exception {
    publish("1", "t", false);
    Subscriber subscriber = new Subscriber("s", List.of(exact("t")), SubscriberAccess.ANONYMOUS);
    Replayer.Plan plan = replayer.prepare(subscriber, "gone");
    RecordingStream stream = new RecordingStream();
    subscriber.attach(stream);
    replayer.start(subscriber, plan);
    publish("2", "t", false);
    assertThat(plan.responseLastEventId()).isEqualTo("earliest");
    assertThat(stream.nextId()).isEqualTo("2");
    assertThat(counters.replayMisses.sum()).isEqualTo(1);
  }

  @Test
  void lastEventIdHeaderNeverDisclosesAPrivateId() throws Exception {
    publish("public", "t", false);
    publish("secret", "t", true);
    Subscriber anonymous = new Subscriber("s", List.of(exact("t")), SubscriberAccess.ANONYMOUS);
    assertThat(replayer.prepare(anonymous, "secret").responseLastEventId()).isEqualTo("public");
    Subscriber alice = new Subscriber("a", List.of(exact("t")), granted(Set.of("t")));
    assertThat(replayer.prepare(alice, "secret").responseLastEventId()).isEqualTo("secret");
  }

  @Test
  void replayReChecksAuthorization() throws Exception {
    publish("0", "t", false);
    publish("secret", "t", true);
    publish("public", "t", false);
    Subscriber subscriber = new Subscriber("s", List.of(exact("t")), SubscriberAccess.ANONYMOUS);
    Replayer.Plan plan = replayer.prepare(subscriber, "0");
    RecordingStream stream = new RecordingStream();
    subscriber.attach(stream);
    replayer.start(subscriber, plan);
    assertThat(stream.nextId()).isEqualTo("public");
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    stream.assertExhausted();
  }

  @Test
  void catchingUpSubscriberIsClosedWhenItsPendingQueueOverflows() throws Exception {
    dispatcher.close();
    start(2);
    publish("0", "t", false);
    Subscriber subscriber = new Subscriber("s", List.of(exact("t")), SubscriberAccess.ANONYMOUS);
    Replayer.Plan plan = replayer.prepare(subscriber, "0");
    RecordingStream stream = new RecordingStream();
    subscriber.attach(stream);
    for (int i = 1; i <= 3; i++) {
      publish(String.valueOf(i), "t", false);
    }
    dispatcher.barrier().get(5, TimeUnit.SECONDS);
    assertThat(stream.awaitClosed()).isTrue();
    assertThat(counters.droppedSubscribers.sum()).isEqualTo(1);
    assertThat(plan.responseLastEventId()).isEqualTo("0");
  }

  @Test
  void removingASubscriberNeverWaitsForAFullCommandQueue() throws Exception {
    Dispatcher idle = new Dispatcher(counters, 100); // Not started: nothing drains.
    boolean started = false;
    try {
      Subscriber subscriber = new Subscriber("s", List.of(exact("t")), SubscriberAccess.ANONYMOUS);
      subscriber.attach(new RecordingStream());
      idle.addLive(subscriber);
      for (int i = 1; i < Dispatcher.QUEUE_CAPACITY; i++) idle.barrier();
      assertThat(idle.queueDepth()).isEqualTo(Dispatcher.QUEUE_CAPACITY);

      // A stream closing on an event loop: this must return, not wait for room.
      java.util.concurrent.CompletableFuture.runAsync(() -> {
        idle.remove(subscriber);
        idle.remove(subscriber); // A second close path (the open deadline) is a no-op.
      }).get(5, TimeUnit.SECONDS);

      idle.start();
      started = true;
      idle.barrier().get(5, TimeUnit.SECONDS);
      assertThat(idle.subscriberCount()).isZero(); // Added, then removed: in that order or not.
    } finally {
      if (!started) idle.start(); // Else close() would wait for room in the full queue.
      idle.close();
    }
  }
}
