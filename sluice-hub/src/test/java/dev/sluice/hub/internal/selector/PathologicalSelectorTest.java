package dev.sluice.hub.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Selectors shaped to make a backtracking matcher explode, run against long topics. The bound is
 * asserted by counting automaton steps: at most two per (input character, automaton state), so
 * work grows linearly with the topic whatever the selector.
 */
class PathologicalSelectorTest {
  private static final String HUB = "https://example.com/.well-known/mercure";
  private final TopicSelectors selectors = TopicSelectors.create(
      SelectorLimits.builder().maxMatchSteps(Long.MAX_VALUE).build(), HUB);

  private static long linearBound(String topic, int states) {
    return 2L * (topic.length() + 1) * states;
  }

  @Test
  void adjacentTemplateVariablesStayLinear() {
    StringBuilder template = new StringBuilder("https://example.com/");
    for (int i = 0; i < 30; i++) {
      template.append("{v").append(i).append('}');
    }
    UriTemplateSelector selector = (UriTemplateSelector) selectors.uriTemplate(template.toString());
    String topic = "https://example.com/" + "a".repeat(20_000) + "!";
    StepMeter meter = new StepMeter(Long.MAX_VALUE);
    assertThat(selector.matches(topic, meter)).isFalse();
    assertThat(meter.steps()).isLessThanOrEqualTo(linearBound(topic, selector.automatonSize()));
    assertThat(meter.steps()).isLessThan(20_000L * 400);
  }

  @Test
  void repeatedNamedGroupsWithModifiersStayLinear() {
    StringBuilder pattern = new StringBuilder("https://example.com/");
    for (int i = 0; i < 30; i++) {
      pattern.append(":g").append(i).append('*');
    }
    UrlPatternSelector selector = (UrlPatternSelector) selectors.urlPattern(pattern.toString());
    String topic = "https://example.com/" + "a/".repeat(10_000) + "a";
    StepMeter meter = new StepMeter(Long.MAX_VALUE);
    selector.matches(topic, meter);
    assertThat(meter.steps()).isLessThanOrEqualTo(linearBound(topic, selector.automatonSize()));
  }

  @Test
  void nestedQuantifiersInRegexpGroupsStayLinear() {
    // The textbook catastrophic-backtracking shapes: (a+)+b, (a|a)*b, ((a*)*)*b.
    String[] patterns = {
        "https://example.com/x/((?:a+)+b)",
        "https://example.com/x/((?:a|a)*b)",
        "https://example.com/x/((?:(?:a*)*)*b)",
        "https://example.com/x/((?:a?){20}a{20})",
    };
    String topic = "https://example.com/x/" + "a".repeat(30_000) + "c";
    for (String pattern : patterns) {
      UrlPatternSelector selector = (UrlPatternSelector) selectors.urlPattern(pattern);
      StepMeter meter = new StepMeter(Long.MAX_VALUE);
      assertThat(selector.matches(topic, meter)).as(pattern).isFalse();
      assertThat(meter.steps()).as(pattern)
          .isLessThanOrEqualTo(linearBound(topic, selector.automatonSize()));
    }
  }

  @Test
  void aMatchOverTheStepBudgetCountsAsNoMatch() {
    TopicSelectors tight = TopicSelectors.create(
        SelectorLimits.builder().maxMatchSteps(1_000).build(), HUB);
    String topic = "https://example.com/" + "a".repeat(5_000);
    assertThat(selectors.uriTemplate("https://example.com/{+rest}").matches(topic)).isTrue();
    assertThat(tight.uriTemplate("https://example.com/{+rest}").matches(topic)).isFalse();
    assertThat(tight.urlPattern("https://example.com/:x").matches(topic)).isFalse();
  }

  @Test
  void selectorsOverTheLimitsAreRejectedBeforeCompiling() {
    StringBuilder manyVariables = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      manyVariables.append("{v").append(i).append('}');
    }
    assertThatThrownBy(() -> selectors.uriTemplate(manyVariables.toString()))
        .isInstanceOf(InvalidSelectorException.class)
        .hasMessageEndingWith("more than 32 variables or groups")
        .matches(e -> ((InvalidSelectorException) e).overLimit());
    assertThatThrownBy(() -> selectors.urlPattern("https://example.com/(a{1001})"))
        .hasMessageContaining("repeat count above 1000");
    assertThatThrownBy(() -> selectors.urlPattern("https://example.com/((?:a{1000}){1000})"))
        .hasMessageContaining("is too complex (more than 4096 automaton states)");
    assertThatThrownBy(() -> selectors.uriTemplate("/{a:9999}{b:9999}"))
        .hasMessageContaining("is too complex");
    assertThatThrownBy(() -> selectors.exact("x".repeat(1025)))
        .hasMessage("topic selector is too long: 1025 characters (at most 1024)");
    assertThatThrownBy(() -> selectors.urlPattern("/" + "((?:".repeat(20) + "a" + "))".repeat(20)))
        .isInstanceOf(InvalidSelectorException.class);
  }
}
