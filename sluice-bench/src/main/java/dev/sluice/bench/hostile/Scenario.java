package dev.sluice.bench.hostile;

/**
 * One attack on the hub, built with its bounds (connections, requests, duration). {@link #attack}
 * runs it once against a target, records evidence and failed checks in the context, and closes
 * everything it opened before returning.
 */
public interface Scenario {

    /** Short stable id for the command line and the files, e.g. {@code selectors}. */
    String id();

    /** The issue-14 hole it replays, one line. */
    String title();

    /** Hub flags the scenario needs beyond the runner's defaults, for the record (e.g. {@code --subscriptions}). */
    default String needs() {
        return "";
    }

    void attack(HostileTarget target, AttackContext context) throws InterruptedException;
}
