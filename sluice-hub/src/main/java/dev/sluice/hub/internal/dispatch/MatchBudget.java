package dev.sluice.hub.internal.dispatch;

/**
 * How much selector matching the dispatcher does for one update on its shared, in-order path
 * before it moves the subscribers that cost the most to its slow lane. Steps are automaton steps
 * (see {@code StepMeter}): ordinary selectors spend a few per topic character, so the defaults
 * leave honest subscribers untouched and catch selectors thousands of times costlier.
 *
 * @param subscriberSteps a subscriber whose patterns cost more than this for one update is moved
 *     to the slow lane
 * @param dispatchSteps when the patterns matched for one update cost more than this in all, the
 *     costliest subscribers are moved until the rest fit
 * @param costlyMatchSteps one (pattern, topic) match costing this much, in an update over one of
 *     the budgets above, marks the pattern costly:
 *     a later subscriber using it starts in the slow lane
 * @param maxFastSubscriberCost a new subscriber whose patterns (not already in use) estimate above
 *     this many automaton states in all ({@code TopicSelector.cost()}) starts in the slow lane
 * @param slowLaneQueue commands the slow lane may fall behind by; past it, its subscribers are
 *     disconnected (they reconnect with their last event id and replay from history)
 * @param slowLanePercent the share of one core the slow lane may keep busy (1–100): after a
 *     command that took t it rests t × (100 / percent − 1), at most a second, so costly
 *     subscribers cannot take the CPU the others need either
 */
public record MatchBudget(long subscriberSteps, long dispatchSteps, long costlyMatchSteps,
    int maxFastSubscriberCost, int slowLaneQueue, int slowLanePercent) {
  /**
   * Defaults: 20,000 steps per subscriber, 100,000 per update, 5,000 per match, 2,048 estimated
   * states for a newcomer, 8,192 commands of slow-lane backlog, a quarter of a core.
   */
  public static final MatchBudget DEFAULTS =
      new MatchBudget(20_000, 100_000, 5_000, 2_048, 8_192, 25);

  public MatchBudget {
    if (subscriberSteps <= 0 || dispatchSteps <= 0 || costlyMatchSteps <= 0
        || maxFastSubscriberCost <= 0 || slowLaneQueue <= 0 || slowLanePercent <= 0
        || slowLanePercent > 100) {
      throw new IllegalArgumentException("match budgets must be positive (and the percent at most"
          + " 100): " + subscriberSteps + ", " + dispatchSteps + ", " + costlyMatchSteps + ", "
          + maxFastSubscriberCost + ", " + slowLaneQueue + ", " + slowLanePercent);
    }
  }

  /** How long the slow lane rests after a command that kept it busy {@code busyNanos}. */
  long restNanos(long busyNanos) {
    long rest = busyNanos / slowLanePercent * (100 - slowLanePercent);
    return Math.max(0, Math.min(rest, 1_000_000_000L));
  }
}
