package dev.sluice.hub;

import dev.sluice.hub.auth.SelectorMatcher;
import dev.sluice.hub.internal.http.MatcherFactory;
import dev.sluice.hub.internal.selector.SelectorCache;
import dev.sluice.hub.internal.selector.SelectorLimits;
import dev.sluice.hub.internal.selector.TopicSelector;
import dev.sluice.hub.internal.selector.TopicSelectors;
import java.util.Optional;

/**
 * The hub's one selector engine, used twice: for subscription matchers and for the selectors that
 * tokens grant. Both share limits and the hub URL (the base of relative URL patterns).
 */
final class Matching {
  private final TopicSelectors selectors;
  private final SelectorCache granted;

  Matching(HubConfig config, String hubUrl) {
    SelectorLimits limits = SelectorLimits.defaults().toBuilder()
        .maxSelectorLength(config.maxPatternLength())
        .maxSelectorsPerSubscription(config.maxMatchers())
        .build();
    this.selectors = TopicSelectors.create(limits, hubUrl);
    this.granted = new SelectorCache(selectors, SelectorCache.DEFAULT_CAPACITY);
  }

  MatcherFactory matchers() {
    return new MatcherFactory(selectors);
  }

  /** Matches token selectors; an invalid one matches nothing (the token was checked already). */
  SelectorMatcher grants() {
    return (selector, topic) -> {
      Optional<TopicSelector> compiled;
      switch (selector.type()) {
        case EXACT:
          return selector.pattern().equals(topic);
        case URL_PATTERN:
          compiled = granted.urlPattern(selector.pattern());
          break;
        default:
          compiled = granted.legacy(selector.pattern());
          break;
      }
      return compiled.map(s -> s.matches(topic)).orElse(false);
    };
  }
}
