package dev.sluice.hub.internal.selector;

import dev.sluice.SseException;

/**
 * A topic selector that cannot be used: malformed, over a {@link SelectorLimits} limit, or using a
 * feature the hub refuses. The message is short, names the problem and is safe to send back as the
 * body of a 400 response (it quotes at most the first 64 characters of the selector).
 */
public final class InvalidSelectorException extends SseException {
  private static final long serialVersionUID = 1L;
  private static final int QUOTE_LIMIT = 64;

  private final boolean overLimit;

  public InvalidSelectorException(String message) {
    this(message, false);
  }

  private InvalidSelectorException(String message, boolean overLimit) {
    super(message);
    this.overLimit = overLimit;
  }

  /** True when the selector is well-formed but exceeds a {@link SelectorLimits} bound. */
  public boolean overLimit() {
    return overLimit;
  }

  static InvalidSelectorException overLimit(String message) {
    return new InvalidSelectorException(message, true);
  }

  /** {@code "invalid URI template \"…\": " + problem}. */
  static InvalidSelectorException of(String kind, String expression, String problem) {
    return new InvalidSelectorException("invalid " + kind + " " + quote(expression) + ": " + problem);
  }

  static InvalidSelectorException tooComplex(String expression, int maxStates) {
    return overLimit(
        "selector " + quote(expression) + " is too complex (more than " + maxStates
            + " automaton states)");
  }

  static String quote(String expression) {
    StringBuilder quoted = new StringBuilder(QUOTE_LIMIT + 8).append('"');
    int end = Math.min(expression.length(), QUOTE_LIMIT);
    for (int i = 0; i < end; i++) {
      char c = expression.charAt(i);
      // Control characters would let a selector forge lines in logs or responses.
      quoted.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (expression.length() > QUOTE_LIMIT) {
      quoted.append('…');
    }
    return quoted.append('"').toString();
  }
}
