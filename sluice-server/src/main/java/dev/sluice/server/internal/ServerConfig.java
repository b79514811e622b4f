package dev.sluice.server.internal;

import dev.sluice.server.CorsConfig;
import dev.sluice.server.IoTransport;
import dev.sluice.server.TlsConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/** The builder's settings, frozen. {@code cors}, {@code tls} and {@code handlerExecutor} may be null. */
public record ServerConfig(
    String bindAddress,
    int port,
    int ioThreads,
    Duration heartbeat,
    int maxConnections,
    int maxStreams,
    int maxRequestBodySize,
    int maxHeaderSize,
    int streamQueueBytes,
    int streamQueueEvents,
    Duration shutdownTimeout,
    Duration shutdownRetry,
    Duration idleTimeout,
    Duration headerTimeout,
    Duration requestTimeout,
    int maxConnectionsPerAddress,
    boolean limitLoopbackConnections,
    CorsConfig cors,
    TlsConfig tls,
    boolean h2c,
    IoTransport ioTransport,
    boolean directSocketWrites,
    Executor handlerExecutor,
    List<RouteSpec> routes) {}
