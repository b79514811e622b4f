package dev.sluice.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One scenario of issue 7, with its full-size and {@code --quick} (smoke) parameters.
 *
 * @param connectsPerSecond offered connect rate; 0 = as fast as allowed by {@code maxConnectsInFlight}
 * @param eventsPerSecond paced publish rate; 0 = closed loop (as fast as the target answers)
 * @param totalEvents events to publish (all topics together); for replay, the events missed
 * @param hold how long subscribers stay idle before the server is measured (idle scenario)
 */
public record ScenarioPlan(String name, int subscribers, int topics, double connectsPerSecond,
                           int maxConnectsInFlight, double eventsPerSecond, long totalEvents,
                           int payloadBytes, int publishConnections, Duration hold) {

    public static final List<String> NAMES =
            List.of("idle", "fanout", "latency", "many-topics", "connect-storm", "replay");

    /** The scenarios that publish at a fixed rate ({@code eventsPerSecond > 0}). */
    public static final List<String> PACED = List.of("latency", "many-topics");

    public static ScenarioPlan of(String name, boolean quick) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            // 1. Idle capacity: heap and RSS per subscriber.
            case "idle" -> quick
                    ? new ScenarioPlan("idle", 1_000, 1, 2_000, 256, 0, 0, 100, 1, Duration.ofSeconds(3))
                    // 40 s held: idle CPU over the last 30 s spans two 15-s heartbeat intervals.
                    : new ScenarioPlan("idle", 15_000, 1, 2_000, 512, 0, 0, 100, 1, Duration.ofSeconds(40));
            // 2. Fan-out: one topic, 100-byte events as fast as accepted, 2,000,000 deliveries.
            case "fanout" -> quick
                    ? new ScenarioPlan("fanout", 500, 1, 2_000, 256, 0, 200, 100, 1, Duration.ZERO)
                    : new ScenarioPlan("fanout", 10_000, 1, 2_000, 512, 0, 200, 100, 1, Duration.ZERO);
            // 3. Latency under load: 50 events/s for 60 s.
            case "latency" -> quick
                    ? new ScenarioPlan("latency", 500, 1, 2_000, 256, 50, 250, 100, 1, Duration.ZERO)
                    : new ScenarioPlan("latency", 10_000, 1, 2_000, 512, 50, 3_000, 100, 1, Duration.ZERO);
            // 4. Many topics: one topic per subscriber, 5,000 publishes/s (30 s full, 5 s quick).
            case "many-topics" -> quick
                    ? new ScenarioPlan("many-topics", 500, 500, 2_000, 256, 500, 2_500, 100, 8, Duration.ZERO)
                    : new ScenarioPlan("many-topics", 10_000, 10_000, 2_000, 512, 5_000, 150_000, 100, 16,
                            Duration.ZERO);
            // 5. Connect storm: as fast as possible, bounded only by connects in flight.
            case "connect-storm" -> quick
                    ? new ScenarioPlan("connect-storm", 1_000, 1, 0, 256, 0, 0, 100, 1, Duration.ZERO)
                    : new ScenarioPlan("connect-storm", 10_000, 1, 0, 1_000, 0, 0, 100, 1, Duration.ZERO);
            // 6. Replay: reconnect with Last-Event-ID after missing 10,000 events.
            case "replay" -> quick
                    ? new ScenarioPlan("replay", 1, 1, 0, 1, 0, 1_000, 100, 1, Duration.ZERO)
                    : new ScenarioPlan("replay", 1, 1, 0, 1, 0, 10_000, 100, 1, Duration.ZERO);
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; one of " + NAMES);
        };
    }

    /** The plan as plain JSON-friendly values. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("subscribers", subscribers);
        m.put("topics", topics);
        m.put("connectsPerSecond", connectsPerSecond);
        m.put("maxConnectsInFlight", maxConnectsInFlight);
        m.put("eventsPerSecond", eventsPerSecond);
        m.put("totalEvents", totalEvents);
        m.put("payloadBytes", payloadBytes);
        m.put("publishConnections", publishConnections);
        m.put("holdSeconds", hold.toSeconds());
        return m;
    }

    public ScenarioPlan withSubscribers(int n) {
        return new ScenarioPlan(name, n, name.equals("many-topics") ? n : topics, connectsPerSecond,
                maxConnectsInFlight, eventsPerSecond, totalEvents, payloadBytes, publishConnections, hold);
    }

    /**
     * The same scenario published at another paced rate; the run then lasts {@code totalEvents /
     * rate} seconds. Only paced scenarios (latency, many-topics) have a rate to change: a
     * closed-loop one publishes as fast as the target answers, so a rate would silently mean nothing.
     */
    public ScenarioPlan withEventsPerSecond(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number of events per second: " + rate);
        }
        if (eventsPerSecond == 0) {
            throw new IllegalArgumentException("scenario '" + name + "' is not paced; a rate applies only to "
                    + String.join(" and ", PACED));
        }
        return new ScenarioPlan(name, subscribers, topics, connectsPerSecond, maxConnectsInFlight, rate,
                totalEvents, payloadBytes, publishConnections, hold);
    }

    /**
     * The same scenario with another offered connect rate. A worker waits for its subscribers for
     * about twice its share at this rate, so on a machine that connects slower than the scenario's
     * default offers, a lower rate is what lets every subscriber connect.
     */
    public ScenarioPlan withConnectsPerSecond(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("connect rate must be a positive number per second: " + rate);
        }
        return new ScenarioPlan(name, subscribers, topics, rate, maxConnectsInFlight, eventsPerSecond,
                totalEvents, payloadBytes, publishConnections, hold);
    }

    public ScenarioPlan withEvents(long events) {
        return new ScenarioPlan(name, subscribers, topics, connectsPerSecond, maxConnectsInFlight,
                eventsPerSecond, events, payloadBytes, publishConnections, hold);
    }
}
