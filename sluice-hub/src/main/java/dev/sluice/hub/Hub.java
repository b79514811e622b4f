package dev.sluice.hub;

import dev.sluice.hub.internal.HubRuntime;
import dev.sluice.hub.internal.Stores;
import dev.sluice.hub.auth.Authorizer;
import dev.sluice.hub.internal.http.AccessPolicy;
import dev.sluice.hub.internal.http.JwtAccessPolicy;
import dev.sluice.hub.internal.http.MatcherFactory;
import dev.sluice.hub.internal.http.ServerFanout;
import dev.sluice.hub.internal.http.ServerRoutes;
import dev.sluice.server.CorsConfig;
import dev.sluice.server.HttpHandler;
import dev.sluice.server.SseServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Mercure hub: the engine ({@code dev.sluice.hub.internal}) served on sluice-server.
 *
 * <pre>{@code
 * try (Hub hub = Hub.create(HubConfig.builder().port(8080).build()).start()) {
 *   System.out.println("hub at " + hub.url());
 *   ...
 * }
 * }</pre>
 *
 * <h3>Routes</h3>
 * {@code GET|POST /.well-known/mercure}, {@code GET /.well-known/mercure/subscriptions/…},
 * {@code GET /healthz}, {@code GET /metrics} (Prometheus), and the web UI at {@code /} and
 * {@code /ui/}. Extra routes (such as the demo) can be added with {@link #builder}.
 *
 * <p>Thread-safe. {@link #start()} once, {@link #close()} once.
 */
public final class Hub implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Hub.class.getName());
  /** Threads that run request handlers (publish waits for the store; subscribe may read history). */
  static final int HANDLER_THREADS = 16;

  private final HubConfig config;
  private final HubRuntime runtime;
  private final SseServer server;
  private final ExecutorService handlers;
  private final java.util.concurrent.atomic.AtomicBoolean stopped =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Hub(HubConfig config, String hubUrl, AccessPolicy access, MatcherFactory matchers,
      Optional<String> uiConfig, Consumer<SseServer.Builder> extraRoutes, Clock clock) {
    this.config = config;
    this.runtime = new HubRuntime(config, Stores.create(config, clock), access, matchers,
        new ServerFanout(), clock, HubRuntime.HUB_PATH, uiConfig);
    AtomicInteger n = new AtomicInteger();
    this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, r -> {
      Thread t = new Thread(r, "sluice-hub-handler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpHandler route = ServerRoutes.handler(runtime::route);
    SseServer.Builder server = SseServer.builder()
        .port(config.port())
        .bindAddress(config.bind())
        .handlerExecutor(handlers)
        // Experimental, off by default; a JVM property so benchmarks can compare (docs/server.md).
        .directSocketWrites(Boolean.getBoolean("sluice.hub.directSocketWrites"))
        .route("GET", "/.well-known/mercure", route)
        .route("GET", "/.well-known/mercure/*", route)
        .get(RESOURCE_METADATA_PATH, request -> dev.sluice.server.Response.json(
            resourceMetadata(config, hubUrl)))
        .get("/healthz", route)
        .get("/metrics", route)
        .get("/", route)
        .get("/index.html", route)
        .get("/ui/*", route);
    if (runtime.publishMayBlock()) {
      server.route("POST", "/.well-known/mercure", route);
    } else {
      // On the event loop, answered when the store commits: no worker thread between the publisher
      // and the store (docs/architecture.md, "Publish path").
      server.routeAsync("POST", "/.well-known/mercure", ServerRoutes.asyncHandler(runtime::publishAsync));
    }
    config.heartbeat().ifPresent(server::heartbeat);
    extraRoutes.accept(server);
    if (!config.corsOrigins().isEmpty()) {
      CorsConfig.Builder cors = CorsConfig.builder().allowCredentials(true)
          .exposeHeader("Mercure-Last-Event-ID").exposeHeader("Link")
          .exposeHeader("WWW-Authenticate");
      config.corsOrigins().forEach(cors::allowOrigin);
      server.cors(cors.build());
    }
    this.server = server.build();
    // Slow subscribers are closed by the server (its bounded per-stream queue); count them here too.
    io.micrometer.core.instrument.FunctionCounter.builder(
            HubMeters.SUBSCRIBERS_DROPPED.meterName(), this.server,
            s -> s.stats().slowStreamCloses())
        .description(HubMeters.SUBSCRIBERS_DROPPED.description())
        .tags("reason", "slow")
        .register(runtime.registry());
  }

  /**
   * A hub as configured. Without {@link HubConfig#auth()} subscribers are anonymous and nothing can
   * publish.
   */
  public static Hub create(HubConfig config) {
    return create(config, Optional.empty());
  }

  /**
   * A hub whose web UI offers {@code uiConfigJson} at {@code /ui/config} (the CLI passes its
   * development tokens here so the consoles work out of the box).
   */
  public static Hub create(HubConfig config, Optional<String> uiConfigJson) {
    return create(config, uiConfigJson, server -> { });
  }

  /**
   * A hub that also serves {@code extraRoutes} on its server, such as the demo
   * ({@code Demo::mount}). The hub keeps {@code /}, {@code /ui/}, {@code /healthz},
   * {@code /metrics} and {@code /.well-known/mercure}.
   */
  public static Hub create(HubConfig config, Optional<String> uiConfigJson,
      Consumer<SseServer.Builder> extraRoutes) {
    String hubUrl = config.publicUrl().orElseGet(() ->
        "http://" + config.bind() + ":" + config.port() + HubRuntime.HUB_PATH);
    Matching matching = new Matching(config, hubUrl);
    AccessPolicy access = config.auth()
        .<AccessPolicy>map(auth -> new JwtAccessPolicy(
            Authorizer.create(withResourceMetadata(auth, hubUrl)), matching.grants()))
        .orElseGet(NoKeyAccessPolicy::new);
    return new Hub(config, hubUrl, access, matching.matchers(), uiConfigJson, extraRoutes,
        Clock.systemUTC());
  }


  /** Where the OAuth 2.0 protected resource metadata (RFC 9728) of the hub URL is served. */
  public static final String RESOURCE_METADATA_PATH =
      "/.well-known/oauth-protected-resource" + HubRuntime.HUB_PATH;

  /**
   * The hub's RFC 9728 metadata: its resource identifier (the first configured audience, else the
   * hub URL), the token presentations it accepts, and the protocol revision.
   */
  static String resourceMetadata(HubConfig config, String hubUrl) {
    String resource = config.auth().flatMap(a -> a.audiences().stream().findFirst()).orElse(hubUrl);
    boolean query = config.auth().map(a -> a.queryTokens()).orElse(false);
    com.fasterxml.jackson.databind.node.ObjectNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    json.put("resource", resource);
    com.fasterxml.jackson.databind.node.ArrayNode methods = json.putArray("bearer_methods_supported");
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
  private static dev.sluice.hub.auth.AuthConfig withResourceMetadata(
      dev.sluice.hub.auth.AuthConfig auth, String hubUrl) {
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

  /** The hub URL, {@code http://<bind>:<port>/.well-known/mercure}. */
  public URI url() {
    String host = config.bind().equals("0.0.0.0") ? "localhost" : config.bind();
    return URI.create("http://" + host + ":" + port() + HubRuntime.HUB_PATH);
  }

  public HubConfig config() {
    return config;
  }

  /** The registry holding every {@link HubMeters} meter. */
  public MeterRegistry meterRegistry() {
    return runtime.registry();
  }

  /**
   * Stops gracefully: stops accepting, sends every stream a randomized {@code retry} so clients do
   * not reconnect all at once, closes streams, stops dispatching, closes the store.
   */
  public void stop(Duration timeout) {
    if (!stopped.compareAndSet(false, true)) {
      return; // Idempotent: close() after stop(), or a shutdown hook after an explicit stop.
    }
    server.stop(timeout);
    runtime.close();
    handlers.shutdownNow();
    LOG.log(Level.INFO, "event=hub_stopped");
  }

  @Override
  public void close() {
    stop(SseServer.DEFAULT_SHUTDOWN_TIMEOUT);
  }
}
