package dev.sluice.hub.internal.selector;

/**
 * A compiled topic selector: decides whether an update's topic is selected. Immutable and safe to
 * share; two selectors are equal when their kind and expression are, which lets the index share
 * one compiled matcher between every subscriber using the same expression.
 *
 * <p>Create them with {@link TopicSelectors}, which applies {@link SelectorLimits} and knows the
 * hub's URL (the base for relative URL patterns and topics). {@link #all()} and {@link
 * #exact(String)} need neither.
 */
public sealed interface TopicSelector
    permits AllTopicsSelector, ExactSelector, UriTemplateSelector, UrlPatternSelector {

  /** How the expression is interpreted. */
  enum Kind {
    /** {@code *}: every topic. */
    ALL,
    /** Byte-for-byte equality with the topic. */
    EXACT,
    /** An RFC 6570 URI template; matches the topics some expansion of it produces. */
    URI_TEMPLATE,
    /** A WHATWG URL pattern, relative ones resolved against the hub's URL. */
    URL_PATTERN
  }

  Kind kind();

  /** The selector as the subscriber or token wrote it. */
  String expression();

  /** Whether the topic is selected. Never throws; a match over its work budget is {@code false}. */
  boolean matches(String topic);

  /**
   * What matching this selector may cost per code point of a topic, estimated when it is compiled:
   * the states of its automata (a match visits each at most twice per code point). Zero for exact
   * topics and {@code *}, which a lookup answers without matching. {@link SelectorLimits} bounds it
   * per selector; the dispatcher uses it to keep costly subscribers off the shared path.
   */
  default int cost() {
    return 0;
  }

  /** The reserved wildcard {@code *}. */
  static TopicSelector all() {
    return AllTopicsSelector.INSTANCE;
  }

  /** Selects exactly {@code topic}; {@code "*"} is the wildcard, as the Mercure draft reserves it. */
  static TopicSelector exact(String topic) {
    return topic.equals("*") ? all() : new ExactSelector(topic);
  }
}
