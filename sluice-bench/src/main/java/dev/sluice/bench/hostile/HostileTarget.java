package dev.sluice.bench.hostile;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub under attack: a loopback address and port, a token for publishing and one for reading
 * private updates (both granting {@code *}), and optionally the file the hub's stdout and stderr
 * go to (to measure log growth).
 *
 * @param host a loopback address; anything else is refused, so the suite cannot hit another machine
 */
public record HostileTarget(String host, int port, String publisherToken, String subscriberToken, Path hubLog) {

    public HostileTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(publisherToken, "publisherToken");
        Objects.requireNonNull(subscriberToken, "subscriberToken");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("the hostile suite attacks loopback only, not " + host);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host: " + host, e);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** {@code http://host:port} followed by {@code path}. */
    public String url(String path) {
        return "http://" + host + ":" + port + path;
    }

    public String hostHeader() {
        return host + ":" + port;
    }

    public Optional<Path> log() {
        return Optional.ofNullable(hubLog);
    }
}
