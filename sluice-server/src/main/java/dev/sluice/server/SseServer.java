package dev.sluice.server;

import dev.sluice.server.internal.RouteSpec;
import dev.sluice.server.internal.ServerConfig;
import dev.sluice.server.internal.ServerRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * An embeddable HTTP server for Server-Sent Events and the ordinary routes around them.
 *
 * <pre>{@code
 * SseServer server = SseServer.builder()
 *     .port(8080)
 *     .sse("/events", (request, stream) -> stream.send(ServerSentEvent.of("hello")))
 *     .get("/health", request -> Response.text("ok"))
 *     .staticResources("/", "web")
 *     .build();
 * server.start();
 * ...
 * server.stop(Duration.ofSeconds(5));
 * }</pre>
 *
 * <h3>Keeping a main method alive</h3>
 * The server's threads are daemon threads: they do not keep the JVM running. A {@code main} that
 * only serves waits for the stop, and stops on Ctrl+C:
 * <pre>{@code
 * server.start();
 * Runtime.getRuntime().addShutdownHook(new Thread(server::close));
 * server.awaitShutdown();
 * }</pre>
 *
 * <h3>Protocols</h3>
 * HTTP/1.1 with keep-alive, and HTTP/2 over TLS (ALPN) when {@link Builder#tls} is set, or in clear
 * text ({@code h2c}, by prior knowledge or {@code Upgrade}) unless {@link Builder#h2c} is off. Over
 * HTTP/2 a browser is not held to six event streams per origin.
 *
 * <h3>Routes</h3>
 * A path pattern is exact ({@code /api/events}) or a prefix ending in {@code /*}
 * ({@code /files/*} matches {@code /files} and everything under it). Exact patterns win over
 * prefixes, longer prefixes over shorter. Several methods may share a path. An unknown path gets
 * {@code 404}, a known path with another method {@code 405} with {@code Allow}. {@code GET} routes
 * also answer {@code HEAD}.
 *
 * <p>Thread-safe. {@link #start()} once; {@link #stop} (or {@link #close()}) once.
 */
public final class SseServer implements AutoCloseable {
  /**
   * The listen address unless set: loopback. A library should not open a port to the network
   * because nobody said otherwise; {@code bindAddress("0.0.0.0")} listens on every interface.
   */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  /** Heartbeat interval unless set. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  /** Connection limit unless set: below the 20,000 open files a process may hold here. */
  public static final int DEFAULT_MAX_CONNECTIONS = 15_000;
  /** Largest request body unless set. */
  public static final int DEFAULT_MAX_REQUEST_BODY_SIZE = 1024 * 1024;
  /** Largest request head (request line and headers) unless set. */
  public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
  /** Largest event backlog of one stream, in bytes, before it is closed as too slow. */
  public static final int DEFAULT_STREAM_QUEUE_BYTES = 1024 * 1024;
  /** Largest event backlog of one stream, in events, before it is closed as too slow. */
  public static final int DEFAULT_STREAM_QUEUE_EVENTS = 4096;
  /** How long {@link #close()} waits for streams and connections to finish. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  /** The base {@code retry:} hint sent to streams at shutdown; each gets up to twice this. */
  public static final Duration DEFAULT_SHUTDOWN_RETRY = Duration.ofSeconds(3);
  /** Connections from one source address unless set (loopback is not counted; see the builder). */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1_000;
  /** How long a request's head (request line and headers) may take to arrive, from its first byte. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  /** How long a whole request, body included, may take to arrive, from its first byte. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** How long a keep-alive connection may wait for its next request. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final ServerRuntime runtime;
  /** Opened when a stop has finished; {@link #awaitShutdown()} waits on it. */
  private final CountDownLatch stopped = new CountDownLatch(1);

  private SseServer(ServerConfig config) {
    this.runtime = new ServerRuntime(config);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving, then returns. The server runs on daemon threads, so a {@code main}
   * that should keep serving calls {@link #awaitShutdown()} next.
   *
   * @return the bound port, useful with {@code port(0)}
   * @throws java.io.UncheckedIOException if the address cannot be bound
   * @throws IllegalStateException if already started
   */
  public int start() {
    return runtime.start();
  }

  /**
   * The bound port.
   *
   * @throws IllegalStateException if not started
   */
  public int port() {
    return runtime.port();
  }

  /**
   * The bound address and port.
   *
   * @throws IllegalStateException if not started
   */
  public java.net.InetSocketAddress localAddress() {
    return runtime.localAddress();
  }

  /** Live counters. */
  public ServerStats stats() {
    return runtime.stats();
  }

  /** Whether the transport in use is native (io_uring or epoll), not NIO. */
  public boolean isNativeTransport() {
    return runtime.isNativeTransport();
  }

  /**
   * The I/O transport this server runs on: {@link IoTransport#IO_URING}, {@link IoTransport#EPOLL}
   * or {@link IoTransport#NIO}, never {@code AUTO} (resolved when the server was built).
   */
  public IoTransport ioTransport() {
    return runtime.ioTransport();
  }

  /**
   * Stops gracefully within {@code timeout}: stops accepting, sends every open stream a {@code
   * retry:} hint and closes it, lets requests in progress finish, then closes the remaining
   * connections and the event loops. Idempotent; blocks until done.
   */
  public void stop(Duration timeout) {
    try {
      runtime.stop(timeout);
    } finally {
      stopped.countDown();
    }
  }

  /** {@link #stop} with the configured shutdown timeout. */
  @Override
  public void close() {
    stop(runtime.config().shutdownTimeout());
  }

  /**
   * Blocks until the server has been stopped ({@link #stop}, {@link #close()}, e.g. from a
   * shutdown hook on Ctrl+C). Returns at once if it already was.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /**
   * As {@link #awaitShutdown()}, waiting at most {@code timeout}.
   *
   * @return whether the server stopped within the timeout
   */
  public boolean awaitShutdown(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Configures an {@link SseServer}. Not thread-safe. */
  public static final class Builder {
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int port = 8080;
    private int ioThreads = 0;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxStreams; // 0: as many as maxConnections.
    private int maxRequestBodySize = DEFAULT_MAX_REQUEST_BODY_SIZE;
    private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
    private int streamQueueBytes = DEFAULT_STREAM_QUEUE_BYTES;
    private int streamQueueEvents = DEFAULT_STREAM_QUEUE_EVENTS;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Duration shutdownRetry = DEFAULT_SHUTDOWN_RETRY;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    private boolean limitLoopbackConnections;
    private CorsConfig cors;
    private TlsConfig tls;
    private boolean h2c = true;
    private IoTransport ioTransport; // null: IoTransport.PROPERTY, else AUTO.
    private boolean directSocketWrites;
    private Executor handlerExecutor;
    private final List<RouteSpec> routes = new ArrayList<>();

    private Builder() {}

    /** The TCP port; {@code 0} picks a free one (see {@link SseServer#start()}). Default 8080. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port not 0..65535: " + port);
      this.port = port;
      return this;
    }

    /**
     * The address to listen on: {@code 0.0.0.0} for every IPv4 interface, {@code ::} for every
     * interface. Default {@link #DEFAULT_BIND_ADDRESS} (loopback only).
     */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    /** Event-loop threads; {@code 0} (the default) means one per available processor. */
    public Builder ioThreads(int ioThreads) {
      if (ioThreads < 0) throw new IllegalArgumentException("ioThreads < 0: " + ioThreads);
      this.ioThreads = ioThreads;
      return this;
    }

    /**
     * How long a stream may stay silent before the server writes a comment line to it, which keeps
     * proxies from timing out and reveals dead clients. Default {@link #DEFAULT_HEARTBEAT}; {@code
     * Duration.ZERO} turns heartbeats off.
     */
    public Builder heartbeat(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) throw new IllegalArgumentException("heartbeat < 0: " + interval);
      this.heartbeat = interval;
      return this;
    }

    /**
     * Open connections past which a new one is closed as soon as it is accepted, before anything is
     * read from it (counted in {@link ServerStats#rejectedConnections}). Default {@link
     * #DEFAULT_MAX_CONNECTIONS}. Lowered at start, with a log line, to leave a tenth of the process's
     * open-file limit free: past that limit nothing could be accepted at all, health checks included.
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * Event streams open at once on the whole server, HTTP/1.1 and HTTP/2 together, past which a
     * request for another gets {@code 503} and {@code Retry-After}. Default: {@code maxConnections}.
     * HTTP/2 lets one connection carry up to 1,000 streams, so without this bound a few connections
     * could hold far more streams than the connection limit suggests.
     */
    public Builder maxStreams(int maxStreams) {
      if (maxStreams < 1) throw new IllegalArgumentException("maxStreams < 1: " + maxStreams);
      this.maxStreams = maxStreams;
      return this;
    }

    /**
     * Open connections from one source address past which a new one from it is closed as soon as it
     * is accepted. Default {@link #DEFAULT_MAX_CONNECTIONS_PER_ADDRESS}. Loopback peers are not
     * counted (see {@link #limitLoopbackConnections}). Behind a reverse proxy on another host every
     * connection comes from the proxy's address: raise this to {@code maxConnections} there.
     */
    public Builder maxConnectionsPerAddress(int max) {
      if (max < 1) throw new IllegalArgumentException("maxConnectionsPerAddress < 1: " + max);
      this.maxConnectionsPerAddress = max;
      return this;
    }

    /**
     * Whether loopback peers ({@code 127.0.0.0/8}, {@code ::1}) count against {@link
     * #maxConnectionsPerAddress} too. Default off: on one machine they are the operator's own reverse
     * proxy or load generator, which carry everyone's connections.
     */
    public Builder limitLoopbackConnections(boolean enabled) {
      this.limitLoopbackConnections = enabled;
      return this;
    }

    /**
     * How long a request's head may take to arrive, from its first byte (for a connection's first
     * request, from when the connection was accepted). Past it the client gets {@code 408} and the
     * connection closes (a client that sent nothing is just closed). Default {@link
     * #DEFAULT_HEADER_TIMEOUT}. Unlike {@link #idleTimeout}, bytes dripping in do not extend it.
     */
    public Builder headerTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("headerTimeout <= 0: " + timeout);
      this.headerTimeout = timeout;
      return this;
    }

    /**
     * How long a whole request, body included, may take to arrive, from its first byte. Past it the
     * client gets {@code 408} and the connection closes. Default {@link #DEFAULT_REQUEST_TIMEOUT}.
     * Bytes dripping in do not extend it.
     */
    public Builder requestTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("requestTimeout <= 0: " + timeout);
      this.requestTimeout = timeout;
      return this;
    }

    /** The largest request body accepted; larger ones get {@code 413}. */
    public Builder maxRequestBodySize(int bytes) {
      if (bytes < 0) throw new IllegalArgumentException("maxRequestBodySize < 0: " + bytes);
      this.maxRequestBodySize = bytes;
      return this;
    }

    /** The largest request line plus headers accepted; larger ones get {@code 431}. */
    public Builder maxHeaderSize(int bytes) {
      if (bytes < 1024) throw new IllegalArgumentException("maxHeaderSize < 1024: " + bytes);
      this.maxHeaderSize = bytes;
      return this;
    }

    /**
     * How much one stream may have waiting for a slow client, in bytes and in events, before the
     * stream is closed. Defaults {@link #DEFAULT_STREAM_QUEUE_BYTES} and {@link
     * #DEFAULT_STREAM_QUEUE_EVENTS}. Fanned-out events share one buffer, so the bytes bound is on
     * logical size, not memory use.
     */
    public Builder streamQueueLimits(int maxBytes, int maxEvents) {
      if (maxBytes < 1) throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
      if (maxEvents < 1) throw new IllegalArgumentException("maxEvents < 1: " + maxEvents);
      this.streamQueueBytes = maxBytes;
      this.streamQueueEvents = maxEvents;
      return this;
    }

    /** The bound on {@link SseServer#close()}. Default {@link #DEFAULT_SHUTDOWN_TIMEOUT}. */
    public Builder shutdownTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) throw new IllegalArgumentException("shutdownTimeout < 0: " + timeout);
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * The {@code retry:} hint sent to streams at shutdown. Each stream gets a random value between
     * this and twice this, so clients do not all come back at once.
     */
    public Builder shutdownRetry(Duration retry) {
      Objects.requireNonNull(retry, "retry");
      if (retry.isNegative()) throw new IllegalArgumentException("shutdownRetry < 0: " + retry);
      this.shutdownRetry = retry;
      return this;
    }

    /** How long a connection without an event stream may sit idle before it is closed. */
    public Builder idleTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("idleTimeout <= 0: " + timeout);
      this.idleTimeout = timeout;
      return this;
    }

    /** Cross-origin rules for every route. Default: none (no CORS headers, preflights get 404/405). */
    public Builder cors(CorsConfig cors) {
      this.cors = Objects.requireNonNull(cors, "cors");
      return this;
    }

    /** Serves HTTPS (HTTP/2 and HTTP/1.1 by ALPN) instead of clear text. */
    public Builder tls(TlsConfig tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** Serves HTTPS with a fresh {@linkplain TlsConfig#selfSigned() self-signed} certificate. */
    public Builder selfSigned() {
      return tls(TlsConfig.selfSigned());
    }

    /** Whether clear-text connections may speak HTTP/2 (prior knowledge or {@code Upgrade: h2c}). Default on. */
    public Builder h2c(boolean enabled) {
      this.h2c = enabled;
      return this;
    }

    /**
     * Whether to use a native transport (io_uring or epoll) when one is available. {@code false} is
     * {@code ioTransport(IoTransport.NIO)}; {@code true} is {@code ioTransport(IoTransport.AUTO)}.
     */
    public Builder nativeTransport(boolean enabled) {
      this.ioTransport = enabled ? IoTransport.AUTO : IoTransport.NIO;
      return this;
    }

    /**
     * The I/O transport of the event loops (see {@link IoTransport}). Default: the system property
     * {@value IoTransport#PROPERTY} if set, else {@link IoTransport#AUTO} (io_uring, else epoll,
     * else NIO). A transport named here that is unavailable fails {@link #build()} with the reason.
     */
    public Builder ioTransport(IoTransport transport) {
      this.ioTransport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Whether events may be written straight to an idle connection's socket, skipping Netty's
     * pipeline and outbound buffer (plain-text HTTP/1.1 on the epoll transport only; ignored on
     * io_uring and NIO). Default off. It cuts
     * the server's CPU per delivery by about a quarter, but with the clients on the same two cores
     * it lengthened the latency tail (docs/server.md, "Writing straight to the socket").
     */
    public Builder directSocketWrites(boolean enabled) {
      this.directSocketWrites = enabled;
      return this;
    }

    /**
     * Where handlers run, so they may block, e.g. {@code Executors.newVirtualThreadPerTaskExecutor()}
     * on Java 21+. Default: on the event loop, where handlers must not block.
     */
    public Builder handlerExecutor(Executor executor) {
      this.handlerExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Routes {@code method} requests on {@code pathPattern} to {@code handler}. */
    public Builder route(String method, String pathPattern, HttpHandler handler) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(pathPattern, "pathPattern");
      Objects.requireNonNull(handler, "handler");
      routes.add(RouteSpec.of(method, pathPattern, handler));
      return this;
    }

    /**
     * Routes {@code method} requests on {@code pathPattern} to {@code handler}, which runs on the event
     * loop even with a {@linkplain #handlerExecutor handler executor} and answers when its stage
     * completes; see {@link AsyncHttpHandler}.
     */
    public Builder routeAsync(String method, String pathPattern, AsyncHttpHandler handler) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(pathPattern, "pathPattern");
      Objects.requireNonNull(handler, "handler");
      routes.add(RouteSpec.async(method, pathPattern, handler));
      return this;
    }

    /** Routes {@code GET} (and {@code HEAD}) requests. */
    public Builder get(String pathPattern, HttpHandler handler) {
      return route("GET", pathPattern, handler);
    }

    /** Routes {@code POST} requests. */
    public Builder post(String pathPattern, HttpHandler handler) {
      return route("POST", pathPattern, handler);
    }

    /** Routes {@code GET} requests to an event stream that always opens. */
    public Builder sse(String pathPattern, SseHandler handler) {
      return sse("GET", pathPattern, handler);
    }

    /** Routes {@code method} requests (e.g. {@code POST} for fetch-based clients) to an event stream. */
    public Builder sse(String method, String pathPattern, SseHandler handler) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(pathPattern, "pathPattern");
      Objects.requireNonNull(handler, "handler");
      return route(method, pathPattern, request -> Response.sse(stream -> {
        try {
          handler.handle(request, stream);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }

    /**
     * Serves classpath resources under {@code classpathRoot} at {@code urlPrefix}, e.g.
     * {@code staticResources("/", "web")} serves {@code web/index.html} at {@code /} and
     * {@code /index.html}. Content types come from the file extension; responses carry an
     * {@code ETag} and {@code Cache-Control: no-cache}, so browsers revalidate cheaply.
     */
    public Builder staticResources(String urlPrefix, String classpathRoot) {
      Objects.requireNonNull(urlPrefix, "urlPrefix");
      Objects.requireNonNull(classpathRoot, "classpathRoot");
      routes.add(RouteSpec.staticResources(urlPrefix, classpathRoot));
      return this;
    }

    public SseServer build() {
      return new SseServer(new ServerConfig(bindAddress, port, ioThreads, heartbeat, maxConnections,
          maxStreams == 0 ? maxConnections : maxStreams,
          maxRequestBodySize, maxHeaderSize, streamQueueBytes, streamQueueEvents, shutdownTimeout,
          shutdownRetry, idleTimeout, headerTimeout, requestTimeout, maxConnectionsPerAddress,
          limitLoopbackConnections, cors, tls, h2c,
          ioTransport == null ? IoTransport.fromSystemProperty() : ioTransport, directSocketWrites, handlerExecutor, List.copyOf(routes)));
    }
  }
}
