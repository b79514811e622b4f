package dev.sluice.hub.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSelectorsTest {
  private final TopicSelectors selectors = TopicSelectors.create(
      SelectorLimits.defaults(), "https://example.com/.well-known/mercure");

  @Test
  void exactComparesWithoutAnyNormalization() {
    TopicSelector exact = selectors.exact("https://example.com/books/1");
    assertThat(exact.kind()).isEqualTo(TopicSelector.Kind.EXACT);
    assertThat(exact.matches("https://example.com/books/1")).isTrue();
    assertThat(exact.matches("https://EXAMPLE.com/books/1")).isFalse();
    assertThat(exact.matches("https://example.com/books/1/")).isFalse();
    assertThat(selectors.exact("bar").matches("bar")).isTrue();
    assertThat(selectors.exact("{id}").matches("1")).isFalse();
  }

  @Test
  void starIsTheWildcardForEveryKind() {
    assertThat(selectors.exact("*")).isSameAs(TopicSelector.all());
    assertThat(selectors.urlPattern("*")).isSameAs(TopicSelector.all());
    assertThat(selectors.uriTemplate("*")).isSameAs(TopicSelector.all());
    assertThat(selectors.legacy("*")).isSameAs(TopicSelector.all());
    assertThat(TopicSelector.all().matches("anything at all")).isTrue();
    assertThat(TopicSelector.all().kind()).isEqualTo(TopicSelector.Kind.ALL);
  }

  @Test
  void legacySelectorsFollowTheReferenceHub() {
    TopicSelector template = selectors.legacy("https://example.com/books/{id}");
    assertThat(template.kind()).isEqualTo(TopicSelector.Kind.URI_TEMPLATE);
    assertThat(template.matches("https://example.com/books/1")).isTrue();
    TopicSelector plain = selectors.legacy("https://example.com/books/1");
    assertThat(plain.kind()).isEqualTo(TopicSelector.Kind.EXACT);
    // Not a valid template: an exact topic, not an error, so old subscriptions keep working.
    TopicSelector broken = selectors.legacy("https://example.com/{unclosed");
    assertThat(broken.kind()).isEqualTo(TopicSelector.Kind.EXACT);
    assertThat(broken.matches("https://example.com/{unclosed")).isTrue();
  }

  @Test
  void legacyTemplatesOverTheLimitsAreStillErrors() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      many.append("{v").append(i).append('}');
    }
    assertThatThrownBy(() -> selectors.legacy(many.toString()))
        .isInstanceOf(InvalidSelectorException.class)
        .hasMessageContaining("more than 32 variables");
  }

  @Test
  void controlCharactersAreRejectedInEveryKind() {
    assertThatThrownBy(() -> selectors.exact("a\nb"))
        .hasMessage("topic selector contains control character U+000A at 1");
    assertThatThrownBy(() -> selectors.legacy("a\u0085b")).hasMessageContaining("U+0085");
    assertThatThrownBy(() -> selectors.urlPattern("/a\u007f")).hasMessageContaining("U+007F");
    assertThatThrownBy(() -> selectors.exact("a\ud800")).hasMessageContaining("not valid");
  }

  @Test
  void messagesQuoteAtMostTheStartOfAHugeSelector() {
    String huge = "/" + "x".repeat(900) + "{";
    assertThatThrownBy(() -> selectors.uriTemplate(huge))
        .hasMessageStartingWith("invalid URI template \"/xxx")
        .hasMessageContaining("…\": unclosed expression")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(140));
  }

  @Test
  void selectorCountIsBounded() {
    SelectorLimits limits = SelectorLimits.builder().maxSelectorsPerSubscription(2).build();
    TopicSelectors few = TopicSelectors.withoutBase(limits);
    assertThat(few.parseAll(TopicSelector.Kind.EXACT, List.of("a", "b"))).hasSize(2);
    assertThatThrownBy(() -> few.parseAll(TopicSelector.Kind.EXACT, List.of("a", "b", "c")))
        .hasMessage("too many topic selectors: 3 (at most 2)");
    assertThat(few.parseAll(TopicSelector.Kind.URL_PATTERN, Collections.emptyList())).isEmpty();
  }

  @Test
  void equalSelectorsAreInterchangeable() {
    assertThat(selectors.uriTemplate("/b/{id}")).isEqualTo(selectors.uriTemplate("/b/{id}"))
        .hasSameHashCodeAs(selectors.uriTemplate("/b/{id}"))
        .isNotEqualTo(selectors.urlPattern("/b/{id}"));
    assertThat(selectors.exact("/b/1")).isEqualTo(TopicSelector.exact("/b/1"));
    assertThat(selectors.urlPattern("/b/:id").expression()).isEqualTo("/b/:id");
  }

  @Test
  void hubUrlMustBeAbsolute() {
    assertThatThrownBy(() -> TopicSelectors.create(SelectorLimits.defaults(), "/relative"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an absolute URL");
  }

  @Test
  void cacheReturnsTheSameCompiledSelectorAndRemembersInvalidOnes() {
    SelectorCache cache = new SelectorCache(selectors, 16);
    assertThat(cache.urlPattern("/b/:id")).get().isSameAs(cache.urlPattern("/b/:id").get());
    assertThat(cache.urlPattern("/b/:id").get().matches("/b/1")).isTrue();
    assertThat(cache.urlPattern("/b/:id(")).isEmpty();
    assertThat(cache.legacy("/b/{id}").get().kind()).isEqualTo(TopicSelector.Kind.URI_TEMPLATE);
    assertThat(cache.uriTemplate("/b/{id")).isEmpty();
  }
}
