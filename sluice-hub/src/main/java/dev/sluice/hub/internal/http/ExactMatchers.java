package dev.sluice.hub.internal.http;

import dev.sluice.hub.internal.dispatch.TopicMatcher;

/**
 * Exact and wildcard matchers only: the fallback until the selector package provides URL Patterns
 * and URI Templates. Patterns it cannot compile are refused with a clear reason.
 */
public final class ExactMatchers implements MatcherFactory {
  @Override
  public TopicMatcher create(String matchType, String pattern) {
    if (TopicMatcher.WILDCARD.equals(pattern)) {
      return new Exact("*".equals(matchType) ? "Exact" : canonical(matchType), pattern, null);
    }
    if (matchType.equals("Exact") || (matchType.equals("topic") && pattern.indexOf('{') < 0)) {
      return new Exact("Exact", pattern, pattern);
    }
    throw new IllegalArgumentException(matchType + " matchers are not available in this build");
  }

  private static String canonical(String matchType) {
    return matchType.equals("topic") ? "Exact" : matchType;
  }

  private record Exact(String matchType, String match, String exactTopic) implements TopicMatcher {
    @Override
    public boolean matches(String topic) {
      return exactTopic == null || exactTopic.equals(topic);
    }
  }
}
