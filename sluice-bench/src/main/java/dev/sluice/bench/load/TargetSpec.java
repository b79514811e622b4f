package dev.sluice.bench.load;

import java.util.List;
import java.util.Objects;

/**
 * Where a target listens and how to authenticate: plain data, shipped to the workers as JSON.
 *
 * @param kind which publish/subscribe API the server speaks
 * @param host loopback address of the server
 * @param ports ports subscribers spread over (one client address reaches ~28k connections per port)
 * @param publishPort port the publisher uses
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
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            throw new IllegalArgumentException("loopback targets only, not " + host);
        }
    }

    public Target target() {
        return switch (kind) {
            case MERCURE -> new MercureTarget(this);
            case NCHAN, SPRING -> new PathTopicTarget(this);
        };
    }
}
