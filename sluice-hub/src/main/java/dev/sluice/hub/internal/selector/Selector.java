package dev.sluice.hub.internal.selector;

import static java.util.Objects.requireNonNull;

/**
 * One topic matcher granted by a token: its type and its raw pattern, exactly as the token carried it.
 *
 * @param type how {@code pattern} is matched
 * @param pattern the raw selector string; {@code *} means every topic
 */
public record Selector(MatchType type, String pattern) {
  /** The reserved wildcard pattern. */
  public static final String WILDCARD = "*";

  public Selector {
    requireNonNull(type, "type");
    requireNonNull(pattern, "pattern");
  }

  public static Selector exact(String pattern) {
    return new Selector(MatchType.EXACT, pattern);
  }

  /** True for {@code *}, which matches every topic regardless of {@link #type()}. */
  public boolean isWildcard() {
    return WILDCARD.equals(pattern);
  }
}
