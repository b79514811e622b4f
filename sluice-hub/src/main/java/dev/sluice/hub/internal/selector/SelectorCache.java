package dev.sluice.hub.internal.selector;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Function;

/**
 * Compiled selectors by expression, for callers that only hold strings, such as the selectors of
 * a JWT checked on every private update. Compiling a URL pattern or template once and reusing it
 * keeps authorization checks to a lookup plus a match. Invalid expressions are cached too (as
 * empty), so a bad token cannot make the hub recompile on every update.
 *
 * <pre>{@code
 * SelectorMatcher matcher = (selector, topic) -> (selector.type() == MatchType.URL_PATTERN
 *     ? cache.urlPattern(selector.pattern()) : cache.legacy(selector.pattern()))
 *     .map(s -> s.matches(topic)).orElse(false);
 * }</pre>
 *
 * <p>Thread-safe; bounded by the capacity given at construction (least recently used evicted).
 */
public final class SelectorCache {
  /** Default number of compiled selectors kept. */
  public static final int DEFAULT_CAPACITY = 4096;
  private static final Object INVALID = new Object();

  private final TopicSelectors selectors;
  private final LruCache<String, Object> cache;

  public SelectorCache(TopicSelectors selectors, int capacity) {
    this.selectors = requireNonNull(selectors, "selectors");
    this.cache = new LruCache<>(capacity);
  }

  /** {@link TopicSelectors#urlPattern}, or empty if the pattern is invalid. */
  public Optional<TopicSelector> urlPattern(String pattern) {
    return get("P", pattern, selectors::urlPattern);
  }

  /** {@link TopicSelectors#legacy} (exact, {@code *} or URI template), or empty if invalid. */
  public Optional<TopicSelector> legacy(String selector) {
    return get("L", selector, selectors::legacy);
  }

  /** {@link TopicSelectors#uriTemplate}, or empty if the template is invalid. */
  public Optional<TopicSelector> uriTemplate(String template) {
    return get("T", template, selectors::uriTemplate);
  }

  private Optional<TopicSelector> get(String kind, String expression,
      Function<String, TopicSelector> compile) {
    String key = kind + expression;
    Object cached = cache.get(key);
    if (cached == null) {
      try {
        cached = compile.apply(expression);
      } catch (InvalidSelectorException e) {
        cached = INVALID;
      }
      cache.put(key, cached);
    }
    return cached == INVALID ? Optional.empty() : Optional.of((TopicSelector) cached);
  }
}
