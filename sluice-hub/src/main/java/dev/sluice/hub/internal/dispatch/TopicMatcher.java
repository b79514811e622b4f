package dev.sluice.hub.internal.dispatch;

/**
 * One subscription's topic matcher, as the dispatcher sees it.
 *
 * <p>The parsing and the pattern languages (URL Pattern, URI Templates) live in the selector
 * package; the dispatcher needs only this view. {@link #exactTopic()} lets the index file exact
 * matchers under their topic so an update finds them with one hash lookup.
 */
public interface TopicMatcher {
  /** Reserved matcher value that matches every topic. */
  String WILDCARD = "*";

  /** The matcher type name in its canonical case: {@code Exact}, {@code URLPattern}, … */
  String matchType();

  /** The matcher as the subscriber wrote it. */
  String match();

  boolean matches(String topic);

  /** The topic this matcher selects when it is an exact matcher, else {@code null}. */
  default String exactTopic() {
    return null;
  }
}
