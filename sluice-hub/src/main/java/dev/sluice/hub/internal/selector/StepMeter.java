package dev.sluice.hub.internal.selector;

/**
 * Counts the work of one match and stops it at a budget. The Mercure draft asks hubs to bound the
 * cost of evaluating a pattern and to treat a pattern that hits the bound as not matching; the
 * automaton already keeps the cost linear, the budget makes the constant explicit. Tests read
 * {@link #steps()} to assert bounds by counting rather than by timing.
 *
 * <p>This class is not thread-safe: one meter per match call.
 */
final class StepMeter {
  private final long budget;
  private long steps;

  StepMeter(long budget) {
    this.budget = budget;
  }

  /** Records {@code n} steps; returns false once the budget is spent. */
  boolean spend(long n) {
    steps += n;
    return steps <= budget;
  }

  boolean exhausted() {
    return steps > budget;
  }

  long steps() {
    return steps;
  }
}
