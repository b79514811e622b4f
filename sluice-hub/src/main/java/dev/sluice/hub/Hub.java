package dev.sluice.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.internal.HubRuntime;
import dev.sluice.hub.internal.Stores;
import dev.sluice.hub.internal.auth.AccessPolicy;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.JwtAccessPolicy;
import dev.sluice.hub.internal.auth.MercureClaims;
import dev.sluice.hub.internal.auth.NoKeyAccessPolicy;
import dev.sluice.hub.internal.selector.SelectorEngine;
import dev.sluice.hub.internal.selector.SelectorLimits;
import dev.sluice.publisher.BadUpdateException;
import dev.sluice.publisher.HubUnavailableException;
import dev.sluice.publisher.PublishException;
import dev.sluice.publisher.Update;
import dev.sluice.server.CorsConfig;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.IoTransport;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * registry of another kind), and the web UI at {@code /} and {@code /ui/}. {@code /metrics} and
 * the dashboard's {@code /ui/stats} are on the main port only when it is bound to loopback;
 * otherwise they are on the {@linkplain HubConfig#managementPort() management port}, if any. Extra routes (such as
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
  private final SseServer management; // Null without a management port.
  private final ExecutorService handlers;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final List<AutoCloseable> logRoutes = new ArrayList<>(); // Closed before the log.

  private Hub(Builder b) {
    this.config = b.config;
    String hubUrl = hubUrl(config);
    SelectorEngine selectors = new SelectorEngine(SelectorLimits.defaults().toBuilder()
        .maxSelectorLength(config.maxPatternLength())
        .maxSelectorsPerSubscription(config.maxMatchers())
        .build(), hubUrl);
    Optional<AuthConfig> auth = config.auth().map(a -> effectiveAuth(a, config, hubUrl));
    AccessPolicy access = auth
        .<AccessPolicy>map(a -> new JwtAccessPolicy(Authorizer.create(a), selectors.grants()))
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
    String metadata = resourceMetadata(auth, config, hubUrl);
    SseServer.Builder server = SseServer.builder()
        .port(config.port())
        .bindAddress(config.bindAddress())
        .handlerExecutor(handlers)
        // Experimental, off by default; a JVM property so benchmarks can compare (docs/server.md).
        .directSocketWrites(Boolean.getBoolean("sluice.hub.directSocketWrites"))
        .get(RESOURCE_METADATA_PATH, request -> Response.json(metadata));
    runtime.mount(server, config.managementPort().isEmpty() && isLoopback(config.bindAddress()));
    config.heartbeat().ifPresent(server::heartbeat);
    config.ioTransport().ifPresent(server::ioTransport);
    b.routes.accept(server);
    for (LogRoutes routes : b.logRoutes) {
      logRoutes.add(Objects.requireNonNull(routes.mount(server, runtime.log(), registry), "LogRoutes.mount returned null"));
    }
    if (!config.corsOrigins().isEmpty()) {
      // Credentials (the cookie) only for listed origins; '*' is answered '*' without them.
      CorsConfig.Builder cors = CorsConfig.builder().allowCredentials(true)
          .exposeHeader("Mercure-Last-Event-ID").exposeHeader("Link")
          .exposeHeader("WWW-Authenticate");
      CorsConfig.DEFAULT_METHODS.forEach(cors::allowMethod);
      cors.allowMethod("QUERY"); // Mercure 1.0 subscriptions with the matchers in the body.
      config.corsOrigins().forEach(cors::allowOrigin);
      server.cors(cors.build());
    }
    this.server = server.build();
    if (config.managementPort().isPresent()) {
      SseServer.Builder management = SseServer.builder()
          .port(config.managementPort().getAsInt())
          .bindAddress(config.managementBindAddress())
          .handlerExecutor(handlers);
      runtime.mountManagement(management);
      this.management = management.build();
    } else {
      this.management = null;
    }
    // Slow subscribers are closed by the server (its bounded per-stream queue); count them here too.
    HubMeters.SUBSCRIBERS_DROPPED.spec().counter(registry, this.server,
        s -> s.stats().slowStreamCloses(), "reason", "slow");
    HubMeters.IO_TRANSPORT.spec().gauge(registry, this.server, s -> 1, "transport", this.server.ioTransport().label());
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
   * The hub's RFC 9728 metadata with Mercure 1.0's members: its resource identifier (the first
   * audience, else the hub URL), the token presentations it accepts (the header; the cookie by
   * name), the authorization detail type it understands, and whether it has the subscriptions API.
   */
  static String resourceMetadata(Optional<AuthConfig> auth, HubConfig config, String hubUrl) {
    String resource = auth.flatMap(a -> a.audiences().stream().findFirst()).orElse(hubUrl);
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("resource", resource);
    json.putArray("bearer_methods_supported").add("header");
    auth.ifPresent(a -> json.put("mercure_cookie", a.cookieName()));
    json.putArray("authorization_details_types_supported").add(MercureClaims.DETAIL_TYPE);
    if (config.subscriptionEvents()) {
      json.put("mercure_subscriptions", true);
    }
    return json.toString();
  }

  /**
   * The authorization a hub built from {@code config} runs with (see {@link #effectiveAuth(AuthConfig,
   * HubConfig, String)}): for routes mounted beside the hub that verify its tokens themselves, so
   * they accept exactly what the hub accepts (its compatibility mode and resource identifier).
   */
  public static Optional<AuthConfig> effectiveAuth(HubConfig config) {
    return config.auth().map(a -> effectiveAuth(a, config, hubUrl(config)));
  }

  private static String hubUrl(HubConfig config) {
    return config.publicUrl().orElseGet(() ->
        "http://" + config.bindAddress() + ":" + config.port() + HubRuntime.HUB_PATH);
  }

  /**
   * The authorization the hub runs with: the hub's compatibility mode, the hub URL as resource
   * identifier when none is configured (Mercure 1.0's recommended default), and a challenge
   * {@code resource_metadata} derived from that identifier (RFC 9728 section 3.1).
   */
  static AuthConfig effectiveAuth(AuthConfig auth, HubConfig config, String hubUrl) {
    AuthConfig.Builder b = auth.newBuilder();
    config.protocolVersionCompatibility().ifPresent(b::protocolVersionCompatibility);
    if (auth.audiences().isEmpty()) {
      b.audience(hubUrl);
    }
    String resource = auth.audiences().stream().findFirst().orElse(hubUrl);
    if (auth.resourceMetadata().isEmpty()) {
      b.resourceMetadata(metadataUrl(resource, hubUrl));
    }
    return b.build();
  }

  /**
   * RFC 9728 section 3.1: the well-known path goes between the identifier's host and its path, so
   * {@code https://h/.well-known/mercure} has its metadata at
   * {@code https://h/.well-known/oauth-protected-resource/.well-known/mercure}. An identifier that
   * is no http(s) URL (a URN, say) falls back to the hub URL's document.
   */
  static URI metadataUrl(String resource, String hubUrl) {
    try {
      URI r = new URI(resource);
      if (r.getRawAuthority() != null && r.getScheme() != null
          && (r.getScheme().equalsIgnoreCase("https") || r.getScheme().equalsIgnoreCase("http"))
          && r.getRawQuery() == null && r.getRawFragment() == null && resource.indexOf('"') < 0) {
        String path = r.getRawPath() == null || r.getRawPath().equals("/") ? "" : r.getRawPath();
        return URI.create(r.getScheme() + "://" + r.getRawAuthority()
            + "/.well-known/oauth-protected-resource" + path);
      }
    } catch (java.net.URISyntaxException e) {
      // Not a URL: use the hub's own document below.
    }
    return URI.create(hubUrl).resolve(RESOURCE_METADATA_PATH);
  }

  /** Opens the store, starts dispatching, binds the port. */
  public Hub start() {
    runtime.start();
    started.set(true);
    boolean serving = false;
    try {
      server.start();
      serving = true;
      if (management != null) {
        management.start();
      }
    } catch (RuntimeException e) {
      if (serving) {
        server.stop(Duration.ZERO); // The management port is taken: do not run half a hub.
      }
      closeLogRoutes();
      runtime.close();
      throw e;
    }
    LOG.log(Level.INFO, "event=hub_started url={0} store={1} data_dir={2} io_transport={3}", url(),
        config.transport().map(Hub::withoutPassword).orElse(config.store().name().toLowerCase()),
        config.dataDir().toAbsolutePath(), ioTransport().label());
    return this;
  }

  /** A transport URI for the log: a password in its user info is replaced by {@code ***}. */
  static String withoutPassword(URI uri) {
    String info = uri.getRawUserInfo();
    int colon = info == null ? -1 : info.indexOf(':');
    return colon < 0 ? uri.toString() : uri.toString().replace(info + "@", info.substring(0, colon) + ":***@");
  }

  /**
   * Publishes in-process, for the application the hub runs in: no HTTP and no token (the caller is
   * the application), but the same checks as a {@code POST} to the hub, the same store and the same
   * dispatch to subscribers. It takes the {@link Update} of sluice-publisher, so code written
   * against a {@code HubPublisher} publishes the same values to an embedded hub.
   *
   * <pre>{@code
   * String id = hub.publish(Update.of("https://example.com/books/1", "{\"title\":\"Dune\"}"));
   * }</pre>
   *
   * @return the id the update is stored under: its own, or one the hub generated
   * @throws BadUpdateException a field the hub refuses, or a topic in the hub's reserved
   *     {@code /.well-known/mercure} namespace (a {@code POST} would get {@code 400})
   * @throws HubUnavailableException the store did not take it ({@link HubConfig#publishTimeout()})
   * @throws IllegalStateException before {@link #start()} or after {@link #stop}
   */
  public String publish(Update update) {
    try {
      return publishAsync(update).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof PublishException refused) {
        throw refused;
      }
      throw e;
    }
  }

  /**
   * {@link #publish(Update)} without waiting for the store.
   *
   * @return completes with the stored id, or exceptionally with a {@link PublishException}
   */
  public CompletableFuture<String> publishAsync(Update update) {
    Objects.requireNonNull(update, "update");
    if (!started.get() || stopped.get()) {
      throw new IllegalStateException(stopped.get() ? "hub stopped" : "hub not started: call start() first");
    }
    return runtime.publishTrusted(form(update)).handle((id, failure) -> {
      if (failure == null) {
        return id;
      }
      throw refusal(failure);
    });
  }

  /** The update as the form fields a publisher would {@code POST}, so one parser checks both. */
  private static Map<String, List<String>> form(Update update) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    form.put("topic", update.topics());
    update.data().ifPresent(data -> form.put("data", List.of(data)));
    if (update.isPrivate()) {
      form.put("private", List.of("on"));
    }
    update.id().ifPresent(id -> form.put("id", List.of(id)));
    update.type().ifPresent(type -> form.put("type", List.of(type)));
    update.retry().ifPresent(retry -> form.put("retry", List.of(Long.toString(retry.toMillis()))));
    return form;
  }

  /** The {@link PublishException} a {@code HubPublisher} would throw for the same refusal. */
  private static PublishException refusal(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpStatusException refused) {
      return PublishException.of(refused.status(), refused.getMessage(), 1, null);
    }
    return PublishException.of(0, "update not stored: " + cause, 1, cause);
  }

  /** The I/O transport the hub's server runs on (io_uring, epoll or NIO). */
  public IoTransport ioTransport() {
    return server.ioTransport();
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** The management server's bound port, when {@link HubConfig#managementPort()} is set. */
  public java.util.OptionalInt managementPort() {
    return management == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(management.port());
  }

  /**
   * Whether {@code address} is a loopback address ({@code 127.0.0.1}, {@code ::1},
   * {@code localhost}): only then may a hub without a management port serve {@code /metrics} and
   * {@code /ui/stats} on its main port, and the CLI hand out development tokens.
   */
  public static boolean isLoopback(String address) {
    try {
      return java.net.InetAddress.getByName(address).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false; // Unresolvable: certainly not known to be loopback.
    }
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
    if (management != null) {
      management.stop(timeout);
    }
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
