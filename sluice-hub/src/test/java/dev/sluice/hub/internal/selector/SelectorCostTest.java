package dev.sluice.hub.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a selector costs: the estimate made when it is compiled ({@link TopicSelector#cost()}), the
 * limit on it, the steps the index measures per lookup, and the edges of the per-match budget.
 * Costs are counted in automaton steps, never timed.
 */
class SelectorCostTest {
  private static final String HUB = "https://example.com/.well-known/mercure";
  private final TopicSelectors selectors = TopicSelectors.create(SelectorLimits.defaults(), HUB);

  /** The pattern shape issue 14 stalled the dispatcher with. */
  static String costly(int repeats) {
    return "https://example.com/:g((?:.*.*.*){" + repeats + "})";
  }

  @Test
  void ordinarySelectorsEstimateAFewDozenStates() {
    assertThat(selectors.urlPattern("https://example.com/books/:id").cost()).isLessThan(64);
    assertThat(selectors.urlPattern("/books/:id(\\d+)").cost()).isLessThan(128);
    assertThat(selectors.uriTemplate("https://example.com/books/{id}").cost()).isLessThan(128);
    assertThat(selectors.uriTemplate("https://example.com/{+rest}{?a,b,c}").cost()).isLessThan(512);
    assertThat(selectors.exact("https://example.com/books/1").cost()).isZero();
    assertThat(selectors.urlPattern("*").cost()).isZero();
  }

  @Test
  void theIssuesPatternIsRefusedForItsCostWithAShortReason() {
    String pattern = "https://example.com/:gNxM((?:.*.*.*){200})";
    assertThatThrownBy(() -> selectors.urlPattern(pattern))
        .isInstanceOfSatisfying(InvalidSelectorException.class, e -> {
          assertThat(e.overLimit()).isTrue();
          assertThat(e.getMessage())
              .contains("too costly to match")
              .contains("(at most " + SelectorLimits.DEFAULT_MAX_SELECTOR_COST + ")")
              .hasSizeLessThan(250);
        });
    // The same shape, small enough, compiles: the limit is on the cost, not on the syntax.
    assertThat(selectors.urlPattern(costly(100)).cost())
        .isBetween(600, SelectorLimits.DEFAULT_MAX_SELECTOR_COST);
  }

  @Test
  void costLimitIsConfigurableAndAppliesToTemplatesAndLegacySelectors() {
    TopicSelectors tight = TopicSelectors.create(
        SelectorLimits.builder().maxSelectorCost(40).build(), HUB);
    assertThat(tight.urlPattern("https://example.com/books/:id").cost()).isLessThanOrEqualTo(40);
    assertThatThrownBy(() -> tight.urlPattern("https://example.com/books/:id/chapters/:c"))
        .isInstanceOf(InvalidSelectorException.class).hasMessageContaining("at most 40");
    String template = "https://example.com/{a}/{b}/{c}/{d}";
    assertThatThrownBy(() -> tight.uriTemplate(template))
        .isInstanceOf(InvalidSelectorException.class).hasMessageContaining("too costly");
    // A costly template in the earlier `topic` form is an error, not a silent exact topic.
    assertThatThrownBy(() -> tight.legacy(template))
        .isInstanceOf(InvalidSelectorException.class).hasMessageContaining("too costly");
    assertThatThrownBy(() -> SelectorLimits.builder().maxSelectorCost(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void costlyPatternsSpendThousandsOfTimesTheStepsOfOrdinaryOnes() {
    String topic = "https://example.com/attack/12345";
    StepMeter ordinary = new StepMeter(Long.MAX_VALUE);
    ((UrlPatternSelector) selectors.urlPattern("https://example.com/books/:id")).matches(topic, ordinary);
    StepMeter hostile = new StepMeter(Long.MAX_VALUE);
    assertThat(((UrlPatternSelector) selectors.urlPattern(costly(100))).matches(topic, hostile))
        .isTrue();
    assertThat(ordinary.steps()).isLessThan(200);
    assertThat(hostile.steps()).isGreaterThan(10_000);
  }

  @Test
  void indexReportsTheStepsEachLookupSpentAndWhoseSelectorsSpentThem() {
    TopicIndex<String> index = new TopicIndex<>();
    index.register("honest", List.of(selectors.urlPattern("https://example.com/books/:id"),
        selectors.exact("https://example.com/attack/12345")));
    index.register("costly", List.of(selectors.urlPattern(costly(100))));
    index.register("costly-too", List.of(selectors.urlPattern(costly(100))));
    TopicIndex.Work<String> work = new TopicIndex.Work<>();
    List<String> visited = new ArrayList<>();

    index.forEachMatch(List.of("https://example.com/attack/12345"), visited::add, work);

    assertThat(visited).containsExactlyInAnyOrder("honest", "costly", "costly-too");
    Map<String, Long> bySubscriber = work.bySubscriber();
    assertThat(bySubscriber.get("costly")).isGreaterThan(10_000);
    assertThat(bySubscriber.get("costly-too")).isEqualTo(bySubscriber.get("costly")); // shared
    assertThat(bySubscriber.get("honest")).isLessThan(200);
    assertThat(work.total()).isEqualTo(bySubscriber.get("costly") + bySubscriber.get("honest"));
    assertThat(work.patternsCostingAtLeast(10_000)).containsExactly(selectors.urlPattern(costly(100)));

    // Cached for this topic: a second lookup matches nothing again and costs nothing.
    work.clear();
    index.forEachMatch(List.of("https://example.com/attack/12345"), s -> {}, work);
    assertThat(work.total()).isZero();
    assertThat(work.bySubscriber()).isEmpty();
  }

  @Test
  void aMatchWhoseBudgetRanOutWhileReadingTheTopicIsNoMatch() {
    // Every component is a wildcard: nothing but reading the topic spends steps.
    UrlPatternSelector selector = (UrlPatternSelector) TopicSelectors.create(
        SelectorLimits.builder().maxMatchSteps(10).build(), HUB).urlPattern("*://*");
    assertThat(selector.matches("https://example.com/" + "a".repeat(50))).isFalse();
    assertThat(selector.matches("https://e.c")).isFalse(); // 11 steps to read it
    assertThat(selector.matches("https://e")).isTrue(); // 9
  }

  @Test
  void anEmptyInputWithNoBudgetLeftIsNoMatch() {
    NfaBuilder builder = new NfaBuilder(64, "x");
    int accept = builder.accept();
    Nfa optional = builder.build(builder.optional(n -> builder.codePoint('a', n), accept));
    assertThat(optional.matches("", new StepMeter(10))).isTrue();
    StepMeter spent = new StepMeter(1);
    spent.spend(5); // the caller spent it before this component
    assertThat(optional.matches("", spent)).isFalse();
    assertThat(optional.matches("", new StepMeter(1))).isFalse(); // the start closure needs 3
  }

  @Test
  void regexpErrorsQuoteALongGroupBounded() {
    String group = "a".repeat(900) + "\\b";
    assertThatThrownBy(() -> selectors.urlPattern("https://example.com/(" + group + ")"))
        .isInstanceOf(InvalidSelectorException.class)
        .hasMessageContaining("unsupported escape '\\b'")
        .hasMessageContaining("at 902")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }
}
