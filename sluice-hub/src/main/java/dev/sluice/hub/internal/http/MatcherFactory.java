package dev.sluice.hub.internal.http;

import dev.sluice.hub.internal.dispatch.TopicMatcher;
import dev.sluice.hub.internal.selector.InvalidSelectorException;
import dev.sluice.hub.internal.selector.TopicSelector;
import dev.sluice.hub.internal.selector.TopicSelectors;

/**
 * Compiles the matchers of a subscribe request with the selector engine: {@code Exact},
 * {@code URLPattern}, and {@code topic} for the earlier parameter (exact or URI Template).
 */
public final class MatcherFactory {
  private final TopicSelectors selectors;

  public MatcherFactory(TopicSelectors selectors) {
    this.selectors = selectors;
  }

  /**
   * @throws IllegalArgumentException with a short reason when the pattern is invalid or too costly
   */
  public TopicMatcher create(String matchType, String pattern) {
    try {
      switch (matchType) {
        case "Exact":
          return new TopicMatcher("Exact", selectors.exact(pattern));
        case "URLPattern":
          return new TopicMatcher("URLPattern", selectors.urlPattern(pattern));
        case "topic":
          TopicSelector legacy = selectors.legacy(pattern);
          return new TopicMatcher(
              legacy.kind() == TopicSelector.Kind.URI_TEMPLATE ? "URITemplate" : "Exact", legacy);
        default:
          throw new IllegalArgumentException("unknown matcher type " + matchType);
      }
    } catch (InvalidSelectorException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }
}
