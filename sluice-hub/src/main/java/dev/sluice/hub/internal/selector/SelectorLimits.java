package dev.sluice.hub.internal.selector;

/**
 * Bounds on what a subscriber or a token may ask the matcher to do. Everything a selector costs
 * (parse time, memory, time per match) is bounded by these numbers, so a hostile selector is
 * rejected up front or, at worst, stops matching at {@link #maxMatchSteps()}.
 *
 * <pre>{@code
 * SelectorLimits limits = SelectorLimits.defaults().toBuilder().maxSelectorLength(512).build();
 * }</pre>
 */
public final class SelectorLimits {
  /** Longest selector accepted, in UTF-16 units. */
  public static final int DEFAULT_MAX_SELECTOR_LENGTH = 1024;
  /** Most variables of a URI template, or named groups, wildcards and regexps of a URL pattern. */
  public static final int DEFAULT_MAX_PARTS = 32;
  /** Most selectors one subscription (or one token claim) may carry. */
  public static final int DEFAULT_MAX_SELECTORS_PER_SUBSCRIPTION = 64;
  /** Largest compiled automaton; bounds memory per selector and, with topic length, match cost. */
  public static final int DEFAULT_MAX_AUTOMATON_STATES = 4096;
  /**
   * Work budget of one (topic, selector) match, in automaton steps. Ordinary selectors use a few
   * steps per topic character; a match that reaches the budget counts as no match, as the Mercure
   * draft asks.
   */
  public static final long DEFAULT_MAX_MATCH_STEPS = 1_000_000;
  /**
   * Most automaton states one selector may compile to, over all its components: its {@link
   * TopicSelector#cost()}, what one match may cost per topic code point. Ordinary patterns need a
   * few dozen; {@code https://example.com/:id((?:.*.*.*){200})} needs 1,210 and is refused.
   */
  public static final int DEFAULT_MAX_SELECTOR_COST = 1024;

  private static final SelectorLimits DEFAULTS = new Builder().build();

  private final int maxSelectorLength;
  private final int maxParts;
  private final int maxSelectorsPerSubscription;
  private final int maxAutomatonStates;
  private final long maxMatchSteps;
  private final int maxSelectorCost;

  private SelectorLimits(Builder b) {
    this.maxSelectorLength = b.maxSelectorLength;
    this.maxParts = b.maxParts;
    this.maxSelectorsPerSubscription = b.maxSelectorsPerSubscription;
    this.maxAutomatonStates = b.maxAutomatonStates;
    this.maxMatchSteps = b.maxMatchSteps;
    this.maxSelectorCost = b.maxSelectorCost;
  }

  public static SelectorLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .maxSelectorLength(maxSelectorLength)
        .maxParts(maxParts)
        .maxSelectorsPerSubscription(maxSelectorsPerSubscription)
        .maxAutomatonStates(maxAutomatonStates)
        .maxMatchSteps(maxMatchSteps)
        .maxSelectorCost(maxSelectorCost);
  }

  public int maxSelectorLength() {
    return maxSelectorLength;
  }

  public int maxParts() {
    return maxParts;
  }

  public int maxSelectorsPerSubscription() {
    return maxSelectorsPerSubscription;
  }

  public int maxAutomatonStates() {
    return maxAutomatonStates;
  }

  public long maxMatchSteps() {
    return maxMatchSteps;
  }

  public int maxSelectorCost() {
    return maxSelectorCost;
  }

  /** Throws if a subscription or claim carries more than {@link #maxSelectorsPerSubscription()}. */
  public void checkSelectorCount(int count) {
    if (count > maxSelectorsPerSubscription) {
      throw InvalidSelectorException.overLimit(
          "too many topic selectors: " + count + " (at most " + maxSelectorsPerSubscription + ")");
    }
  }

  void checkLength(String expression) {
    if (expression.length() > maxSelectorLength) {
      throw InvalidSelectorException.overLimit(
          "topic selector is too long: " + expression.length() + " characters (at most "
              + maxSelectorLength + ")");
    }
  }

  void checkParts(String kind, String expression, int parts) {
    if (parts > maxParts) {
      throw InvalidSelectorException.overLimit(
          "invalid " + kind + " " + InvalidSelectorException.quote(expression) + ": more than "
              + maxParts + " variables or groups");
    }
  }

  /** Refuses a compiled selector whose {@link TopicSelector#cost()} is over the limit. */
  void checkCost(String kind, String expression, int cost) {
    if (cost > maxSelectorCost) {
      throw InvalidSelectorException.overLimit(
          kind + " " + InvalidSelectorException.quote(expression) + " is too costly to match: "
              + cost + " automaton states (at most " + maxSelectorCost
              + "); use fewer or smaller regexp repeats and wildcards");
    }
  }

  /** Builds {@link SelectorLimits}; every value must be positive. */
  public static final class Builder {
    private int maxSelectorLength = DEFAULT_MAX_SELECTOR_LENGTH;
    private int maxParts = DEFAULT_MAX_PARTS;
    private int maxSelectorsPerSubscription = DEFAULT_MAX_SELECTORS_PER_SUBSCRIPTION;
    private int maxAutomatonStates = DEFAULT_MAX_AUTOMATON_STATES;
    private long maxMatchSteps = DEFAULT_MAX_MATCH_STEPS;
    private int maxSelectorCost = DEFAULT_MAX_SELECTOR_COST;

    private Builder() {}

    public Builder maxSelectorCost(int value) {
      this.maxSelectorCost = positive(value, "maxSelectorCost");
      return this;
    }

    public Builder maxSelectorLength(int value) {
      this.maxSelectorLength = positive(value, "maxSelectorLength");
      return this;
    }

    public Builder maxParts(int value) {
      this.maxParts = positive(value, "maxParts");
      return this;
    }

    public Builder maxSelectorsPerSubscription(int value) {
      this.maxSelectorsPerSubscription = positive(value, "maxSelectorsPerSubscription");
      return this;
    }

    public Builder maxAutomatonStates(int value) {
      this.maxAutomatonStates = positive(value, "maxAutomatonStates");
      return this;
    }

    public Builder maxMatchSteps(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxMatchSteps <= 0: " + value);
      }
      this.maxMatchSteps = value;
      return this;
    }

    public SelectorLimits build() {
      return new SelectorLimits(this);
    }

    private static int positive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " <= 0: " + value);
      }
      return value;
    }
  }
}
