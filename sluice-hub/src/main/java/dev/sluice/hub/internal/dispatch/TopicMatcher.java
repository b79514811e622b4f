package dev.sluice.hub.internal.dispatch;

import dev.sluice.hub.internal.selector.TopicSelector;
import java.util.Objects;

/**
 * One subscription: a compiled selector and the matcher type name it was asked for with, which
 * names the subscription in events and the API ({@code Exact}, {@code URLPattern}, and
 * {@code URITemplate} for the earlier {@code topic} parameter's templates).
 *
 * @param matchType the matcher type name in its canonical case
 * @param selector the compiled selector
 */
public record TopicMatcher(String matchType, TopicSelector selector) {
  public TopicMatcher {
    Objects.requireNonNull(matchType, "matchType");
    Objects.requireNonNull(selector, "selector");
  }

  /** The matcher as the subscriber wrote it. */
  public String match() {
    return selector.expression();
  }

  public boolean matches(String topic) {
    return selector.matches(topic);
  }
}
