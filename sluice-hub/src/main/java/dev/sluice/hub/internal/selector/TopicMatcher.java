package dev.sluice.hub.internal.selector;

import java.util.Objects;

/**
 * One subscription: a compiled selector and the match type it was asked for with, which names the
 * subscription in events and the API ({@code Exact}, {@code URLPattern}, and {@code URITemplate}
 * for the earlier {@code topic} parameter's templates).
 *
 * @param type the match type
 * @param selector the compiled selector
 */
public record TopicMatcher(MatchType type, TopicSelector selector) {
  public TopicMatcher {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(selector, "selector");
  }

  /** The match type's wire name: {@code Exact}, {@code URLPattern} or {@code URITemplate}. */
  public String matchType() {
    return type.wireName();
  }

  /** The matcher as the subscriber wrote it. */
  public String match() {
    return selector.expression();
  }

  public boolean matches(String topic) {
    return selector.matches(topic);
  }
}
