package dev.sluice.bench.load;

import java.util.List;
import java.util.Objects;

/**
 * Where a target listens and how to authenticate: plain data, shipped to the workers as JSON.
 *
 * @param kind which publish/subscribe API the server speaks
 * @param host loopback address of the server
 * @param ports ports subscribers spread over (one client address reaches ~28k connections per port);
 *     for a cluster, one per node
 * @param publishPort port the publisher uses; another node's port than the subscribers' measures
 *     the path between nodes
 * @param publisherToken bearer token for publishing, or null (Mercure needs one)
 * @param subscriberToken bearer token for subscribing, or null for anonymous
 */
public record TargetSpec(Kind kind, String host, List<Integer> ports, int publishPort,
                         String publisherToken, String subscriberToken) {

    /** The publish/subscribe APIs the generator speaks. */
    public enum Kind {
        /** A Mercure hub, such as Sluice: GET/POST {@code /.well-known/mercure}. */
        MERCURE,
        /** nginx + nchan: GET {@code /sub/<topic>} (EventSource), POST {@code /pub/<topic>}. */
        NCHAN,
        /** The Spring Boot SseEmitter peer: GET {@code /sub/<topic>}, POST {@code /pub/<topic>}. */
        SPRING
    }

    public TargetSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        ports = List.copyOf(ports);
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("ports is empty");
        }
        for (int p : ports) {
            checkPort(p, "port");
        }
        checkPort(publishPort, "publishPort");
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            throw new IllegalArgumentException("loopback targets only, not " + host);
        }
    }

    /**
     * Where subscribers connected and where events were published, for the result file, so a
     * cluster run (subscribers on some nodes, publishes on another) says which path it measured.
     * Tokens are left out: they are secrets and say nothing about the path.
     */
    public java.util.Map<String, Object> endpoints() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("host", host);
        m.put("subscribePorts", ports);
        m.put("publishPort", publishPort);
        return m;
    }

    private static void checkPort(int port, String name) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " out of range 1..65535: " + port);
        }
    }

    public Target target() {
        return switch (kind) {
            case MERCURE -> new MercureTarget(this);
            case NCHAN, SPRING -> new PathTopicTarget(this);
        };
    }
}
