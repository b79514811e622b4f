package dev.sluice.hub.internal.selector;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Parses topic selectors under one set of {@link SelectorLimits} and one hub URL. Every method
 * throws {@link InvalidSelectorException} with a message fit for a 400 response. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * TopicSelectors selectors = TopicSelectors.create(SelectorLimits.defaults(),
 *     "https://hub.example.com/.well-known/mercure");
 * TopicSelector books = selectors.urlPattern("https://example.com/books/:id");
 * TopicSelector legacy = selectors.legacy("https://example.com/books/{id}");
 * }</pre>
 */
public final class TopicSelectors {
  private final SelectorLimits limits;
  private final UrlParts hubUrl; // null: relative URL patterns are refused

  private TopicSelectors(SelectorLimits limits, UrlParts hubUrl) {
    this.limits = limits;
    this.hubUrl = hubUrl;
  }

  /**
   * @param hubUrl the hub's absolute URL (such as {@code https://hub.example/.well-known/mercure}),
   *     the base of relative URL patterns and topics
   * @throws IllegalArgumentException if {@code hubUrl} is not an absolute URL
   */
  public static TopicSelectors create(SelectorLimits limits, String hubUrl) {
    UrlParts base = TopicUrlParser.parse(requireNonNull(hubUrl, "hubUrl"), null)
        .orElseThrow(() -> new IllegalArgumentException("hubUrl is not an absolute URL: " + hubUrl));
    return new TopicSelectors(requireNonNull(limits, "limits"), base);
  }

  /** Without a hub URL: relative URL patterns are rejected and relative topics never match one. */
  public static TopicSelectors withoutBase(SelectorLimits limits) {
    return new TopicSelectors(requireNonNull(limits, "limits"), null);
  }

  public SelectorLimits limits() {
    return limits;
  }

  /** The Mercure {@code Exact} matcher type; {@code *} is the wildcard. */
  public TopicSelector exact(String topic) {
    checkCommon(topic);
    return TopicSelector.exact(topic);
  }

  /** An RFC 6570 URI template (see {@link UriTemplateCompiler} for what it matches). */
  public TopicSelector uriTemplate(String template) {
    checkCommon(template);
    if (template.equals("*")) {
      return TopicSelector.all();
    }
    UriTemplateSelector selector = new UriTemplateSelector(
        template, UriTemplateCompiler.compile(template, limits), limits.maxMatchSteps());
    limits.checkCost(UriTemplateCompiler.KIND, template, selector.cost());
    return selector;
  }

  /** The Mercure {@code URLPattern} matcher type; {@code *} is the wildcard. */
  public TopicSelector urlPattern(String pattern) {
    checkCommon(pattern);
    if (pattern.equals("*")) {
      return TopicSelector.all();
    }
    UrlPatternSelector selector = UrlPatternSelector.compile(pattern, hubUrl, limits);
    limits.checkCost(UrlPatternSelector.KIND, pattern, selector.cost());
    return selector;
  }

  /**
   * The earlier protocol's {@code topic} parameter and {@code mercure.subscribe} / {@code
   * mercure.publish} claim entries, as the reference hub reads them: {@code *}, else a URI template
   * if the selector contains {@code {} and parses as one, else an exact topic. A malformed
   * template is an exact topic, not an error (old clients rely on that); a template over the
   * limits is an error.
   */
  public TopicSelector legacy(String selector) {
    checkCommon(selector);
    if (selector.equals("*")) {
      return TopicSelector.all();
    }
    if (selector.indexOf('{') >= 0) {
      Optional<TopicSelector> template = legacyTemplate(selector);
      if (template.isPresent()) {
        return template.get();
      }
    }
    return TopicSelector.exact(selector);
  }

  /** Parses a subscription's (or claim's) selectors of one kind, checking their count first. */
  public List<TopicSelector> parseAll(TopicSelector.Kind kind, Collection<String> expressions) {
    limits.checkSelectorCount(expressions.size());
    List<TopicSelector> result = new ArrayList<>(expressions.size());
    for (String expression : expressions) {
      result.add(parse(kind, expression));
    }
    return result;
  }

  /** Parses one selector of the given kind ({@link TopicSelector.Kind#ALL} ignores the text). */
  public TopicSelector parse(TopicSelector.Kind kind, String expression) {
    switch (kind) {
      case ALL:
        return TopicSelector.all();
      case EXACT:
        return exact(expression);
      case URI_TEMPLATE:
        return uriTemplate(expression);
      default:
        return urlPattern(expression);
    }
  }

  private Optional<TopicSelector> legacyTemplate(String selector) {
    try {
      return Optional.of(uriTemplate(selector));
    } catch (InvalidSelectorException e) {
      if (e.overLimit()) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /** Length, and the draft's ban on C0, C1 and DEL in topics and matchers. */
  private void checkCommon(String expression) {
    requireNonNull(expression, "expression");
    limits.checkLength(expression);
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        throw new InvalidSelectorException("topic selector contains control character "
            + UriTemplateCompiler.describe(c) + " at " + i);
      }
      if (Character.isSurrogate(c) && (!Character.isHighSurrogate(c) || i + 1 >= expression.length()
          || !Character.isLowSurrogate(expression.charAt(++i)))) {
        throw new InvalidSelectorException("topic selector is not valid UTF-16/UTF-8 at " + i);
      }
    }
  }
}
