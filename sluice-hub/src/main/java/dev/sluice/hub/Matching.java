package dev.sluice.hub;

import dev.sluice.hub.auth.SelectorMatcher;
import dev.sluice.hub.internal.http.ExactMatchers;
import dev.sluice.hub.internal.http.MatcherFactory;

/**
 * Where the hub gets its topic matching: subscription matchers and the matcher for selectors
 * granted in tokens. One place, so the selector engine is plugged in once.
 */
final class Matching {
  private Matching() {}

  static MatcherFactory matchers() {
    return new ExactMatchers();
  }

  static SelectorMatcher selectors() {
    return SelectorMatcher.exactOnly();
  }
}
