package dev.sluice.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.internal.HubRuntime;
import dev.sluice.hub.internal.Stores;
import dev.sluice.hub.internal.auth.AccessPolicy;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.JwtAccessPolicy;
import dev.sluice.hub.internal.auth.NoKeyAccessPolicy;
import dev.sluice.hub.internal.selector.SelectorEngine;
import dev.sluice.hub.internal.selector.SelectorLimits;
import dev.sluice.server.CorsConfig;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import dev.sluice.hub.spi.UpdateLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A running Mercure hub: the engine ({@code dev.sluice.hub.internal}) served on sluice-server.
 *
 * <pre>{@code
 * try (Hub hub = Hub.create(HubConfig.builder().port(8080).build()).start()) {
 *   System.out.println("hub at " + hub.url());
 *   ...
 * }
 * // With the application's registry and extra routes:
 * Hub hub = Hub.builder(config).meterRegistry(registry).routes(Demo::mount).build();
 * }</pre>
 *
 * <h3>Routes</h3>
 * {@code GET|POST /.well-known/mercure}, {@code GET /.well-known/mercure/subscriptions/…},
 * {@code GET /healthz}, {@code GET /metrics} (Prometheus, unless the application gives its own
 * registry of another kind), and the web UI at {@code /} and {@code /ui/}. Extra routes (such as
 * the demo) can be added with {@link Builder#routes}.
 *
 * <p>Thread-safe. {@link #start()} once, {@link #close()} once.
 */
public final class Hub implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Hub.class.getName());
  /** Threads that run request handlers (publish waits for the store; subscribe may read history). */
  static final int HANDLER_THREADS = 16;
  /** Where the OAuth 2.0 protected resource metadata (RFC 9728) of the hub URL is served. */
  public static final String RESOURCE_METADATA_PATH =
      "/.well-known/oauth-protected-resource" + HubRuntime.HUB_PATH;

  private final HubConfig config;
  private final HubRuntime runtime;
  private final SseServer server;
  private final ExecutorService handlers;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final List<AutoCloseable> logRoutes = new ArrayList<>(); // Closed before the log.

  private Hub(Builder b) {
    this.config = b.config;
    String hubUrl = config.publicUrl().orElseGet(() ->
        "http://" + config.bindAddress() + ":" + config.port() + HubRuntime.HUB_PATH);
    SelectorEngine selectors = new SelectorEngine(SelectorLimits.defaults().toBuilder()
        .maxSelectorLength(config.maxPatternLength())
        .maxSelectorsPerSubscription(config.maxMatchers())
        .build(), hubUrl);
    AccessPolicy access = config.auth()
        .<AccessPolicy>map(auth -> new JwtAccessPolicy(
            Authorizer.create(withResourceMetadata(auth, hubUrl)), selectors.grants()))
        .orElseGet(NoKeyAccessPolicy::new);
    Clock clock = Clock.systemUTC();
    boolean ownsRegistry = b.registry == null;
    MeterRegistry registry = ownsRegistry
        ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : b.registry;
    this.runtime = new HubRuntime(config, Stores.create(config, clock), access, selectors,
        clock, HubRuntime.HUB_PATH, b.uiConfigJson, registry, ownsRegistry);
    AtomicInteger n = new AtomicInteger();
    this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, r -> {
      Thread t = new Thread(r, "sluice-hub-handler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    SseServer.Builder server = SseServer.builder()
        .port(config.port())
        .bindAddress(config.bindAddress())
        .handlerExecutor(handlers)
        // Experimental, off by default; a JVM property so benchmarks can compare (docs/server.md).
        .directSocketWrites(Boolean.getBoolean("sluice.hub.directSocketWrites"))
        .get(RESOURCE_METADATA_PATH, request -> Response.json(resourceMetadata(config, hubUrl)));
    runtime.mount(server);
    config.heartbeat().ifPresent(server::heartbeat);
    b.routes.accept(server);
    for (LogRoutes routes : b.logRoutes) {
      logRoutes.add(Objects.requireNonNull(routes.mount(server, runtime.log(), registry), "LogRoutes.mount returned null"));
    }
    if (!config.corsOrigins().isEmpty()) {
      CorsConfig.Builder cors = CorsConfig.builder().allowCredentials(true)
          .exposeHeader("Mercure-Last-Event-ID").exposeHeader("Link")
          .exposeHeader("WWW-Authenticate");
      config.corsOrigins().forEach(cors::allowOrigin);
      server.cors(cors.build());
    }
    this.server = server.build();
    // Slow subscribers are closed by the server (its bounded per-stream queue); count them here too.
    HubMeters.SUBSCRIBERS_DROPPED.spec().counter(registry, this.server,
        s -> s.stats().slowStreamCloses(), "reason", "slow");
  }

  /**
   * A hub as configured. Without {@link HubConfig#auth()} subscribers are anonymous and nothing can
   * publish.
   */
  public static Hub create(HubConfig config) {
    return builder(config).build();
  }

  /** A hub with more than its configuration: the application's meter registry, extra routes. */
  public static Builder builder(HubConfig config) {
    return new Builder(config);
  }

  /**
   * The hub's RFC 9728 metadata: its resource identifier (the first configured audience, else the
   * hub URL), the token presentations it accepts, and the protocol revision.
   */
  static String resourceMetadata(HubConfig config, String hubUrl) {
    String resource = config.auth().flatMap(a -> a.audiences().stream().findFirst()).orElse(hubUrl);
    boolean query = config.auth().map(AuthConfig::queryTokens).orElse(false);
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("resource", resource);
    ArrayNode methods = json.putArray("bearer_methods_supported");
    methods.add("header");
    if (query) {
      methods.add("query");
    }
    json.put("mercure_cookie", config.auth().isPresent());
    json.put("mercure_version", 8);
    return json.toString();
  }

  /**
   * Points the 401 challenge's {@code resource_metadata} at this hub's metadata document, unless
   * the configuration names one already (the draft's SHOULD, so clients can discover the rest).
   */
  private static AuthConfig withResourceMetadata(AuthConfig auth, String hubUrl) {
    if (auth.resourceMetadata().isPresent()) {
      return auth;
    }
    URI hub = URI.create(hubUrl);
    return auth.newBuilder()
        .resourceMetadata(hub.resolve(RESOURCE_METADATA_PATH))
        .build();
  }

  /** Opens the store, starts dispatching, binds the port. */
  public Hub start() {
    runtime.start();
    try {
      server.start();
    } catch (RuntimeException e) {
      closeLogRoutes();
      runtime.close();
      throw e;
    }
    LOG.log(Level.INFO, "event=hub_started url={0} store={1} data_dir={2}", url(),
        config.transport().map(Hub::withoutPassword).orElse(config.store().name().toLowerCase()),
        config.dataDir().toAbsolutePath());
    return this;
  }

  /** A transport URI for the log: a password in its user info is replaced by {@code ***}. */
  static String withoutPassword(URI uri) {
    String info = uri.getRawUserInfo();
    int colon = info == null ? -1 : info.indexOf(':');
    return colon < 0 ? uri.toString() : uri.toString().replace(info + "@", info.substring(0, colon) + ":***@");
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** The hub URL, {@code http://<bindAddress>:<port>/.well-known/mercure}. */
  public URI url() {
    return URI.create(baseUrl() + HubRuntime.HUB_PATH);
  }

  /** {@code http://<host>:<port>}, with {@code localhost} for a hub bound to every interface. */
  public String baseUrl() {
    String host = config.bindAddress().equals("0.0.0.0") ? "localhost" : config.bindAddress();
    return "http://" + host + ":" + port();
  }

  public HubConfig config() {
    return config;
  }

  /** The registry holding every {@link HubMeters} meter: the application's, or the hub's own. */
  public MeterRegistry meterRegistry() {
    return runtime.registry();
  }

  /**
   * Stops gracefully: stops accepting, sends every stream a randomized {@code retry} so clients do
   * not reconnect all at once, closes streams, stops dispatching, closes the store.
   */
  public void stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (!stopped.compareAndSet(false, true)) {
      return; // Idempotent: close() after stop(), or a shutdown hook after an explicit stop.
    }
    server.stop(timeout);
    closeLogRoutes();
    runtime.close();
    handlers.shutdownNow();
    LOG.log(Level.INFO, "event=hub_stopped");
  }

  @Override
  public void close() {
    stop(SseServer.DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /** Closes {@link LogRoutes} while the log is open: they may store a last record (the LLM relay does). */
  private void closeLogRoutes() {
    for (AutoCloseable routes : logRoutes) {
      try {
        routes.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "event=log_routes_close_failed", e);
      }
    }
  }

  /**
   * Routes that keep their own records in the hub's update log, such as the LLM relay of
   * sluice-llm: they then share the hub's store or cluster transport, and its meter registry.
   */
  @FunctionalInterface
  public interface LogRoutes {
    /**
     * Adds routes to {@code server}; called once while the hub is built. The log is not started
     * yet: listeners may subscribe now, appends wait for requests (which come after
     * {@link Hub#start()}). Returns what {@link Hub#stop} closes after the server stopped and before
     * the log closes.
     */
    AutoCloseable mount(SseServer.Builder server, UpdateLog log, MeterRegistry registry);
  }

  /** Builds a {@link Hub}. Not thread-safe. */
  public static final class Builder {
    private final HubConfig config;
    private MeterRegistry registry; // Null: the hub makes a Prometheus one and serves /metrics.
    private Consumer<SseServer.Builder> routes = server -> { };
    private final List<LogRoutes> logRoutes = new ArrayList<>();
    private String uiConfigJson = "{}";

    private Builder(HubConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The application's registry for every {@link HubMeters} meter; the application closes it.
     * {@code /metrics} is served only when it is a {@link PrometheusMeterRegistry}. Default: a
     * Prometheus registry of the hub's own, served at {@code /metrics}.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Adds routes to the hub's server, such as the demo ({@code Demo::mount}). The hub keeps
     * {@code /}, {@code /ui/}, {@code /healthz}, {@code /metrics} and {@code /.well-known/mercure}.
     */
    public Builder routes(Consumer<SseServer.Builder> routes) {
      this.routes = Objects.requireNonNull(routes, "routes");
      return this;
    }

    /** Adds routes that store records in the hub's own log (see {@link LogRoutes}). */
    public Builder logRoutes(LogRoutes routes) {
      this.logRoutes.add(Objects.requireNonNull(routes, "routes"));
      return this;
    }

    /**
     * Tokens the web UI's consoles use, offered at {@code /ui/config}: only for a development key
     * (the CLI passes the ones it minted), never for real keys.
     */
    public Builder uiTokens(String publisherToken, String subscriberToken) {
      ObjectNode json = new ObjectMapper().createObjectNode()
          .put("publisherToken", Objects.requireNonNull(publisherToken, "publisherToken"))
          .put("subscriberToken", Objects.requireNonNull(subscriberToken, "subscriberToken"));
      this.uiConfigJson = json.toString();
      return this;
    }

    public Hub build() {
      return new Hub(this);
    }
  }
}
