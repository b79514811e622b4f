package dev.sluice.hub.internal.http;

import dev.sluice.hub.internal.dispatch.TopicMatcher;

/**
 * Compiles the matchers of a subscribe request. The pattern languages live in the selector
 * package; the endpoint only maps query parameters to matcher types.
 */
public interface MatcherFactory {
  /**
   * Compiles one matcher.
   *
   * @param matchType {@code Exact}, {@code URLPattern}, or {@code topic} for the earlier
   *     {@code topic} parameter (exact topic or URI Template)
   * @throws IllegalArgumentException with a short reason when the pattern is invalid or too costly
   */
  TopicMatcher create(String matchType, String pattern);
}
