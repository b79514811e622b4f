package dev.sluice.hub.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzes the hub's topic selectors (URI templates, URL patterns, the legacy form and exact topics)
 * with a cost oracle: whatever a subscriber writes, compiling it is refused or bounded, and no
 * match costs more than its step budget.
 *
 * <p><b>To re-point after the hub restructure:</b> this class sits in the selector package because
 * the oracle reads the package-private {@link StepMeter} and {@code automatonSize()}; move it (and
 * its {@code SelectorCostFuzzTestInputs} seeds) with the package.
 *
 * <h3>Oracles</h3>
 * <ul>
 *   <li>Compiling throws nothing but {@link InvalidSelectorException}, whose message is short and
 *       free of control characters (it becomes a 400 response body).
 *   <li>A compiled automaton has at most {@link SelectorLimits#maxAutomatonStates()} states per
 *       component (eight components for a URL pattern, one for a template), and its estimated
 *       cost ({@link TopicSelector#cost()}) is within {@link SelectorLimits#maxSelectorCost()}.
 *   <li>Matching never throws. One match spends at most its budget plus one step of overshoot (the
 *       topic's length for reading the URL, three times the automaton for the code point being
 *       read when the budget ran out).
 *   <li>A match that spent its budget is not a match; a match within budget agrees with an
 *       unbudgeted one; the unbudgeted one is linear in the topic (no backtracking).
 * </ul>
 */
class SelectorCostFuzzTest {
  private static final String HUB = "https://example.com/.well-known/mercure";
  private static final int URL_COMPONENTS = 8;
  private static final int MAX_MESSAGE = 400;

  @DictionaryEntries({
    "https://example.com/", "http://", "urn:", "{", "}", "{+", "{#", "{/", "{?", "{&", "{.", "{;",
    ":1}", "*}", ",", ":", "(", ")", "(?:", ")*", ")+", "?", "*", "+", ".*", "{2,}", "{1000}", "|",
    "[a-z]", "[^/]", "\\", "/", "%", "%2F", "#", "?q=", "@", "\u00E9", "\uD83D\uDE00",
  })
  @FuzzTest
  void selectorsStayWithinTheirCost(FuzzedDataProvider data) {
    long budget = data.consumeLong(1, 200_000);
    int kind = data.consumeInt(0, 3);
    SelectorLimits limits = SelectorLimits.builder().maxMatchSteps(budget).build();
    TopicSelectors selectors = TopicSelectors.create(limits, HUB);
    String expression = data.consumeString(300);
    String[] topics = {data.consumeString(200), "https://example.com/" + data.consumeString(200),
        data.consumeRemainingAsString()};

    TopicSelector selector;
    try {
      selector = switch (kind) {
        case 0 -> selectors.uriTemplate(expression);
        case 1 -> selectors.urlPattern(expression);
        case 2 -> selectors.legacy(expression);
        default -> selectors.exact(expression);
      };
    } catch (InvalidSelectorException e) {
      checkMessage(e.getMessage());
      return;
    }

    int size = automatonSize(selector);
    int perComponent = selector instanceof UrlPatternSelector ? URL_COMPONENTS : 1;
    assertThat(size).as("states of %s", selector).isLessThanOrEqualTo(perComponent * limits.maxAutomatonStates());
    assertThat(selector.cost()).as("cost of %s", selector).isLessThanOrEqualTo(limits.maxSelectorCost());
    for (String topic : topics) {
      checkMatchCost(selector, topic, budget, size);
    }
  }

  /**
   * Hostile selectors known before the fuzzer ran, among them the shape issue 14 used to stall the
   * dispatcher, each against topics made to keep its automaton busy. Same oracles, named inputs.
   */
  @ParameterizedTest
  @ValueSource(strings = {
    "https://example.com/:gNxM((?:.*.*.*){200})",
    "https://example.com/:gNxM((?:.*.*.*){100})",
    "https://example.com/((?:a+)+b)",
    "https://example.com/((?:(?:a*)*)*b)",
    "https://example.com/:a*:b*:c*:d*:e*:f*:g*:h*",
    "https://example.com/{a}{b}{c}{d}{e}{f}{g}{h}{+i}{#j}",
    "https://example.com/{/a*}{?b*}{&c*}",
  })
  void knownHostileSelectorsStayWithinTheirCost(String expression) {
    long budget = SelectorLimits.DEFAULT_MAX_MATCH_STEPS;
    SelectorLimits limits = SelectorLimits.defaults();
    TopicSelectors selectors = TopicSelectors.create(limits, HUB);
    TopicSelector selector;
    try {
      selector = expression.contains("{")
          ? selectors.uriTemplate(expression) : selectors.urlPattern(expression);
    } catch (InvalidSelectorException e) {
      // Refused for its cost (the issue's own shape is, since maxSelectorCost): nothing to match.
      assertThat(e.overLimit()).as("%s refused for a limit: %s", expression, e.getMessage()).isTrue();
      checkMessage(e.getMessage());
      return;
    }
    assertThat(selector.cost()).isLessThanOrEqualTo(limits.maxSelectorCost());
    int size = automatonSize(selector);
    assertThat(size).isLessThanOrEqualTo(URL_COMPONENTS * limits.maxAutomatonStates());
    for (String topic : new String[] {
        "https://example.com/" + "a".repeat(4000),
        "https://example.com/" + "a/".repeat(2000) + "c",
        "https://example.com/" + "ab".repeat(2000) + "?" + "x=y&".repeat(200)}) {
      checkMatchCost(selector, topic, budget, size);
    }
  }

  private static void checkMatchCost(TopicSelector selector, String topic, long budget, int size) {
    boolean result = selector.matches(topic);
    StepMeter meter = new StepMeter(budget);
    boolean metered = matches(selector, topic, meter);
    assertThat(metered).as("%s on %s: the same with its own meter", selector, topic).isEqualTo(result);
    long overshoot = topic.length() + 3L * size;
    assertThat(meter.steps()).as("steps of %s on %s (budget %d)", selector, topic, budget)
        .isLessThanOrEqualTo(budget + overshoot);
    if (metered) {
      assertThat(meter.exhausted()).as("%s matched %s over its budget %d: %d steps", selector, topic,
          budget, meter.steps()).isFalse();
    }

    StepMeter unlimited = new StepMeter(Long.MAX_VALUE);
    boolean unbudgeted = matches(selector, topic, unlimited);
    if (!meter.exhausted()) {
      assertThat(unbudgeted).as("%s on %s within budget vs unbudgeted", selector, topic).isEqualTo(metered);
    }
    // Each component value is the topic's part, percent-encoded (at most 9 chars per char) or
    // taken from the hub's URL; each code point of it costs at most twice the automaton.
    long longestValue = 9L * (topic.length() + HUB.length()) + 1;
    assertThat(unlimited.steps()).as("unbudgeted steps of %s on %s", selector, topic)
        .isLessThanOrEqualTo(topic.length() + (2 * longestValue + 1) * Math.max(size, 1));
  }

  private static boolean matches(TopicSelector selector, String topic, StepMeter meter) {
    if (selector instanceof UriTemplateSelector template) return template.matches(topic, meter);
    if (selector instanceof UrlPatternSelector pattern) return pattern.matches(topic, meter);
    return selector.matches(topic); // Exact and all-topics selectors compare strings only.
  }

  private static int automatonSize(TopicSelector selector) {
    if (selector instanceof UriTemplateSelector template) return template.automatonSize();
    if (selector instanceof UrlPatternSelector pattern) return pattern.automatonSize();
    return 0;
  }

  private static void checkMessage(String message) {
    assertThat(message).isNotEmpty();
    assertThat(message.length()).as("length of %s", message).isLessThanOrEqualTo(MAX_MESSAGE);
    assertThat(message.chars().noneMatch(c -> c < 0x20 || c == 0x7f))
        .as("control characters in %s", message).isTrue();
  }
}
