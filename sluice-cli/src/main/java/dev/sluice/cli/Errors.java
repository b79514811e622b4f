package dev.sluice.cli;

/**
 * Failures as the one line a CLI error may be: never {@code null} (many JDK and Netty exceptions
 * carry no message), never several lines, never a whole response body.
 */
final class Errors {
  /** Longer texts (an HTML error page, a stack of causes) are cut: the line is for a person. */
  static final int MAX_CHARS = 300;

  private Errors() {}

  /**
   * The first message found on {@code error} or its causes, else the simple name of its innermost
   * cause; control characters become spaces.
   */
  static String describe(Throwable error) {
    Throwable innermost = error;
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e.getMessage() != null && !e.getMessage().isBlank()) {
        return oneLine(e.getMessage());
      }
      innermost = e;
    }
    return innermost == null ? "unknown error" : innermost.getClass().getSimpleName();
  }

  /** {@code text} on one line, at most {@link #MAX_CHARS} characters. */
  static String oneLine(String text) {
    String line = text.strip().replaceAll("\\p{Cntrl}+", " ");
    return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) + "…" : line;
  }
}
