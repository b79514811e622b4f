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
 * @param costlyMatchSteps one (pattern, topic) match costing this much marks the pattern costly:
 *     a later subscriber using it starts in the slow lane
 * @param maxFastSubscriberCost a new subscriber whose patterns (not already in use) estimate above
 *     this many automaton states in all ({@code TopicSelector.cost()}) starts in the slow lane
 * @param slowLaneQueue commands the slow lane may fall behind by; past it, its subscribers are
 *     disconnected (they reconnect with their last event id and replay from history)
 */
public record MatchBudget(long subscriberSteps, long dispatchSteps, long costlyMatchSteps,
    int maxFastSubscriberCost, int slowLaneQueue) {
  /** Defaults: 20,000 steps per subscriber, 100,000 per update, 5,000 per match. */
  public static final MatchBudget DEFAULTS = new MatchBudget(20_000, 100_000, 5_000, 2_048, 8_192);

  public MatchBudget {
    if (subscriberSteps <= 0 || dispatchSteps <= 0 || costlyMatchSteps <= 0
        || maxFastSubscriberCost <= 0 || slowLaneQueue <= 0) {
      throw new IllegalArgumentException("every match budget must be positive: " + subscriberSteps
          + ", " + dispatchSteps + ", " + costlyMatchSteps + ", " + maxFastSubscriberCost + ", "
          + slowLaneQueue);
    }
  }
}
