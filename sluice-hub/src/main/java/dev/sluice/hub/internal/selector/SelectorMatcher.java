package dev.sluice.hub.internal.selector;

import static java.util.Objects.requireNonNull;

import java.util.function.BiPredicate;

/**
 * Decides whether a granted selector matches a topic. The hub passes its selector engine (URL
 * Pattern, URI Template) here; this package only handles the {@code *} wildcard itself.
 *
 * <p>Implementations must be thread-safe and must not throw on odd input: a pattern that cannot be
 * compiled or evaluated simply does not match.
 */
@FunctionalInterface
public interface SelectorMatcher {
  boolean matches(Selector selector, String topic);

  /** Exact comparison for every type: enough for tests and for hubs that grant exact topics only. */
  static SelectorMatcher exactOnly() {
    return (selector, topic) -> selector.pattern().equals(topic);
  }

  /** Adapts a {@code (pattern, topic)} predicate that ignores the matcher type. */
  static SelectorMatcher of(BiPredicate<String, String> patternMatchesTopic) {
    requireNonNull(patternMatchesTopic, "patternMatchesTopic");
    return (selector, topic) -> patternMatchesTopic.test(selector.pattern(), topic);
  }
}
