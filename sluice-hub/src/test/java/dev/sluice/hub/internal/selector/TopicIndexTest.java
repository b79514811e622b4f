package dev.sluice.hub.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TopicIndexTest {
  private final TopicSelectors selectors = TopicSelectors.create(
      SelectorLimits.defaults(), "https://example.com/.well-known/mercure");
  private final TopicIndex<String> index = new TopicIndex<>(64);

  private List<String> matches(String... topics) {
    List<String> visited = new ArrayList<>();
    index.forEachMatch(List.of(topics), visited::add);
    return visited;
  }

  @Test
  void visitsEachMatchingSubscriberExactlyOnceAcrossOverlappingSelectors() {
    index.register("all-ways", List.of(selectors.exact("https://example.com/books/1"),
        selectors.uriTemplate("https://example.com/books/{id}"),
        selectors.urlPattern("/books/:id"), TopicSelector.all()));
    index.register("template", List.of(selectors.uriTemplate("https://example.com/books/{id}")));
    index.register("exact-2", List.of(selectors.exact("https://example.com/books/2")));
    index.register("authors", List.of(selectors.urlPattern("/authors/:id")));

    assertThat(matches("https://example.com/books/1", "https://example.com/books/2"))
        .containsExactlyInAnyOrder("all-ways", "template", "exact-2");
    assertThat(matches("https://example.com/authors/9")).containsExactlyInAnyOrder("all-ways", "authors");
    assertThat(matches("urn:other")).containsExactly("all-ways");
  }

  @Test
  void aSingleSelectorMatchingSeveralTopicsVisitsOnce() {
    index.register("books", List.of(selectors.urlPattern("/books/:id")));
    index.register("twice", List.of(selectors.exact("/a"), selectors.exact("/a")));
    assertThat(matches("/books/1", "/books/2", "/books/3")).containsExactly("books");
    assertThat(matches("/a", "/a")).containsExactly("twice");
  }

  @Test
  void unregisteredSubscribersAreNoLongerVisited() {
    TopicIndex.Registration<String> a = index.register("a", List.of(selectors.exact("/t")));
    TopicIndex.Registration<String> b = index.register("b", List.of(selectors.uriTemplate("/{x}")));
    TopicIndex.Registration<String> c = index.register("c", List.of(TopicSelector.all()));
    assertThat(index.size()).isEqualTo(3);
    assertThat(index.patternCount()).isEqualTo(1);
    index.unregister(a);
    index.unregister(b);
    index.unregister(b); // idempotent
    assertThat(matches("/t")).containsExactly("c");
    index.unregister(c);
    assertThat(matches("/t")).isEmpty();
    assertThat(index.size()).isZero();
    assertThat(index.patternCount()).isZero();
  }

  @Test
  void patternsAddedAfterATopicWasCachedAreStillMatched() {
    index.register("first", List.of(selectors.urlPattern("/books/:id")));
    assertThat(matches("/books/1")).containsExactly("first"); // caches /books/1
    index.register("later", List.of(selectors.uriTemplate("/books/{id}")));
    assertThat(matches("/books/1")).containsExactlyInAnyOrder("first", "later");
    TopicIndex.Registration<String> again = index.register("again",
        List.of(selectors.urlPattern("/books/:id")));
    assertThat(matches("/books/1")).containsExactlyInAnyOrder("first", "later", "again");
    index.unregister(again);
    assertThat(matches("/books/1")).containsExactlyInAnyOrder("first", "later");
  }

  @Test
  void aPatternRemovedAndRegisteredAgainIsMatchedAgain() {
    TopicIndex.Registration<String> r = index.register("x", List.of(selectors.urlPattern("/b/:id")));
    assertThat(matches("/b/1")).containsExactly("x");
    index.unregister(r);
    assertThat(matches("/b/1")).isEmpty();
    index.register("y", List.of(selectors.urlPattern("/b/:id")));
    assertThat(matches("/b/1")).containsExactly("y");
  }

  @Test
  void subscribersSharingAPatternShareOneCompiledSelector() {
    TopicIndex.Registration<String> a = index.register("a", List.of(selectors.urlPattern("/b/:id")));
    TopicIndex.Registration<String> b = index.register("b", List.of(selectors.urlPattern("/b/:id")));
    assertThat(b.selectors().get(0)).isSameAs(a.selectors().get(0));
    assertThat(index.patternCount()).isEqualTo(1);
  }

  @Test
  void crowdedTopicsKeepExactlyOnceSemantics() {
    List<TopicIndex.Registration<String>> registrations = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      registrations.add(index.register("s" + i, List.of(selectors.exact("/hot"))));
    }
    for (int i = 0; i < 500; i += 2) {
      index.unregister(registrations.get(i));
    }
    List<String> visited = matches("/hot");
    assertThat(visited).hasSize(250).doesNotHaveDuplicates().allMatch(s -> {
      int n = Integer.parseInt(s.substring(1));
      return n % 2 == 1;
    });
  }

  @Test
  void lookupsStayExactWhileOtherSubscribersComeAndGo() throws Exception {
    List<String> stable = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String name = "stable" + i;
      stable.add(name);
      index.register(name, List.of(
          i % 3 == 0 ? selectors.exact("/news/1") : i % 3 == 1
              ? selectors.urlPattern("/news/:id") : selectors.uriTemplate("/news/{id}"),
          TopicSelector.exact("/news/2")));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch churnStarted = new CountDownLatch(2);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> churn = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        churn.add(pool.submit(() -> {
          churnStarted.countDown();
          for (int round = 0; !stop.get() && round < 20_000; round++) {
            TopicIndex.Registration<String> r = index.register("churn" + thread + "-" + round,
                List.of(round % 2 == 0 ? selectors.exact("/news/1")
                    : selectors.urlPattern("/news/:n" + (round % 7))));
            index.unregister(r);
          }
        }));
      }
      assertThat(churnStarted.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        readers.add(pool.submit(() -> {
          for (int lookup = 0; lookup < 3_000; lookup++) {
            Map<String, Integer> counts = new ConcurrentHashMap<>();
            Collection<String> topics = List.of("/news/1", "/news/2", "/news/1");
            index.forEachMatch(topics, s -> counts.merge(s, 1, Integer::sum));
            for (String s : stable) {
              if (counts.getOrDefault(s, 0) != 1) {
                failures.add(s + " visited " + counts.get(s) + " times");
              }
            }
            counts.forEach((s, n) -> {
              if (n != 1) {
                failures.add(s + " visited " + n + " times");
              }
            });
          }
        }));
      }
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
      stop.set(true);
      for (Future<?> c : churn) {
        c.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(failures).isEmpty();
    assertThat(index.size()).isEqualTo(50);
    assertThat(matches("/news/1")).containsExactlyInAnyOrderElementsOf(stable);
  }
}
