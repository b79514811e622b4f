package dev.sluice.hub.internal.selector;

import java.util.Objects;
import java.util.Optional;

/**
 * The hub's one selector engine, used twice: to compile the selectors a subscriber asks for, and to
 * match the selectors its token grants. Both share the limits and the hub URL (the base of
 * relative URL patterns). Thread-safe.
 *
 * <h3>Names in this room</h3>
 * A {@link Selector} is a selector as written (a {@link MatchType} and a pattern); a
 * {@link TopicSelector} is one compiled by {@link TopicSelectors}; a {@link TopicMatcher} is a
 * subscriber's compiled selector with the match type it was asked for; a {@link SelectorMatcher}
 * tells whether a granted selector matches a topic.
 */
public final class SelectorEngine {
  private final TopicSelectors selectors;
  private final SelectorCache granted;

  public SelectorEngine(SelectorLimits limits, String hubUrl) {
    this.selectors = TopicSelectors.create(Objects.requireNonNull(limits, "limits"),
        Objects.requireNonNull(hubUrl, "hubUrl"));
    this.granted = new SelectorCache(selectors, SelectorCache.DEFAULT_CAPACITY);
  }

  /**
   * Compiles a subscriber's selector. {@link MatchType#URI_TEMPLATE} is the earlier {@code topic}
   * parameter: exact, or an RFC 6570 template; the result names the kind it turned out to be.
   *
   * @throws IllegalArgumentException with a short reason when the pattern is invalid or too costly
   */
  public TopicMatcher compile(MatchType type, String pattern) {
    Objects.requireNonNull(type, "type");
    try {
      switch (type) {
        case EXACT:
          return new TopicMatcher(MatchType.EXACT, selectors.exact(pattern));
        case URL_PATTERN:
          return new TopicMatcher(MatchType.URL_PATTERN, selectors.urlPattern(pattern));
        default:
          TopicSelector legacy = selectors.legacy(pattern);
          return new TopicMatcher(legacy.kind() == TopicSelector.Kind.URI_TEMPLATE
              ? MatchType.URI_TEMPLATE : MatchType.EXACT, legacy);
      }
    } catch (InvalidSelectorException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** Matches token selectors; an invalid one matches nothing (the token was checked already). */
  public SelectorMatcher grants() {
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
