package dev.sluice.hub.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.internal.dispatch.DispatchCounters;
import dev.sluice.hub.internal.dispatch.Dispatcher;
import dev.sluice.hub.internal.dispatch.Replayer;
import dev.sluice.hub.internal.auth.AccessPolicy;
import dev.sluice.hub.internal.selector.SelectorEngine;
import dev.sluice.hub.internal.http.PublishEndpoint;
import dev.sluice.hub.internal.http.SubscribeEndpoint;
import dev.sluice.hub.internal.http.Subscriptions;
import dev.sluice.hub.internal.http.SubscriptionsEndpoint;
import dev.sluice.hub.internal.http.UiEndpoint;
import dev.sluice.hub.internal.id.RandomIds;
import dev.sluice.hub.internal.id.UuidV7Ids;
import dev.sluice.hub.spi.Health;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The hub's parts wired together, independent of the HTTP server: log, dispatcher, replay,
 * subscriptions, endpoints and meters. {@link #mount} serves each endpoint as a route of the
 * server; the server's router is the only one.
 */
public final class HubRuntime implements AutoCloseable {
  public static final String HUB_PATH = "/.well-known/mercure";

  private final UpdateLog log;
  private final Dispatcher dispatcher;
  private final ExecutorService replayExecutor;
  private final ScheduledExecutorService timers;
  private final MeterRegistry registry;
  private final boolean ownsRegistry; // The hub made it, so the hub closes it.
  private final PublishEndpoint publish;
  private final AccessPolicy access;
  private final ObjectMapper json = new ObjectMapper();
  private final SubscribeEndpoint subscribe;
  private final SubscriptionsEndpoint subscriptionsApi;
  private final Subscriptions subscriptions;
  private final UiEndpoint ui;
  private final String uiConfigJson;
  private final DispatchCounters counters = new DispatchCounters();
  private final LongAdder published = new LongAdder();
  private AutoCloseable listener;

  public HubRuntime(HubConfig config, UpdateLog log, AccessPolicy access, SelectorEngine matchers,
      Clock clock, String hubUrl, String uiConfigJson, MeterRegistry registry, boolean ownsRegistry) {
    this.log = log;
    this.registry = registry;
    this.ownsRegistry = ownsRegistry;
    this.uiConfigJson = uiConfigJson;
    Supplier<String> ids = config.ids() == HubConfig.IdStrategy.RANDOM
        ? new RandomIds() : new UuidV7Ids(clock);
    dispatcher = new Dispatcher(counters, config.maxPendingPerSubscriber());
    replayExecutor = Executors.newFixedThreadPool(2, daemon("sluice-replay"));
    ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1, daemon("sluice-hub-timers"));
    timerPool.setRemoveOnCancelPolicy(true); // Cancelled per-subscriber timers must not linger.
    timers = timerPool;
    Replayer replayer = new Replayer(log, dispatcher, replayExecutor, counters,
        config.backwardScanLimit());
    subscriptions = new Subscriptions(config.subscriptionEvents(), log, ids, json);
    this.access = access;
    publish = new PublishEndpoint(log, access, ids, config.publishTimeout(), published);
    subscribe = new SubscribeEndpoint(access, matchers, dispatcher, replayer, subscriptions,
        timers, clock, new SubscribeEndpoint.Limits(config.maxMatchers(),
            config.protocolVersionCompatibility().isPresent()),
        counters);
    subscriptionsApi = new SubscriptionsEndpoint(access, subscriptions, log, json, hubUrl);
    ui = new UiEndpoint(() -> new UiEndpoint.Stats(dispatcher.subscriberCount(),
        subscriptions.subscriptionCount(), dispatcher.exactTopicCount(), published.sum(),
        counters.deliveries.sum(), log.size()), timers, uiConfigJson);
    HubMetrics.bind(registry, counters, published, dispatcher, subscriptions, log);
    log.bindMetrics(registry);
  }

  /** Opens the log and starts dispatching. */
  public void start() {
    log.start();
    dispatcher.start();
    listener = log.subscribe(dispatcher);
  }

  /**
   * Serves the hub on {@code server}: subscribe and publish on {@link #HUB_PATH}, the subscriptions
   * API below it, {@code /healthz} and the web UI; with {@code management}, also {@code /metrics}
   * (when the registry is a Prometheus one) and the dashboard's {@code /ui/stats}, which otherwise
   * belong to {@link #mountManagement the management server}. Methods a path does not list get the
   * server's {@code 405}.
   */
  public void mount(SseServer.Builder server, boolean management) {
    server.get(HUB_PATH, subscribe::handle);
    server.route("QUERY", HUB_PATH, subscribe::handle); // Mercure 1.0: matchers in a form body.
    if (access.mayBlock()) {
      // Checking the publisher may fetch keys (a JWK Set URL): a worker thread waits for them.
      server.post(HUB_PATH, publish::handle);
    } else {
      // On the event loop, answered when the store commits: no worker thread between the publisher
      // and the store (docs/architecture.md, "Publish path").
      server.routeAsync("POST", HUB_PATH, publish::handleAsync);
    }
    server.get(HUB_PATH + "/*", subscriptionsApi::handle);
    server.get("/healthz", request -> health());
    ui.mount(server);
    server.get("/ui/config", this::uiConfig); // An exact route: wins over the UI's /ui/*.
    if (management) {
      mountMetrics(server);
    } else {
      server.get("/ui/stats", request -> Response.text(404,
          "not served on this port: see the management port (docs/security.md)"));
    }
  }

  /**
   * Serves what operators watch on the management server: {@code /metrics}, {@code /healthz} and
   * the web UI with its live {@code /ui/stats}.
   */
  public void mountManagement(SseServer.Builder server) {
    server.get("/healthz", request -> health());
    mountMetrics(server);
    ui.mount(server);
    server.get("/ui/config", this::uiConfig);
  }

  private void mountMetrics(SseServer.Builder server) {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      server.get("/metrics", request -> Response.bytes(200,
          "text/plain; version=0.0.4; charset=utf-8",
          prometheus.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  /**
   * The web UI's development tokens, only to a client on this machine that no proxy forwarded:
   * they publish on every topic, so a hub exposed with a development key must not hand them out.
   */
  private Response uiConfig(dev.sluice.server.Request request) {
    boolean local = request.remoteAddress() != null
        && request.remoteAddress().getAddress() != null
        && request.remoteAddress().getAddress().isLoopbackAddress()
        && request.header("Forwarded").isEmpty() && request.header("X-Forwarded-For").isEmpty();
    return Response.json(local ? uiConfigJson : "{}").withHeader("Cache-Control", "no-store");
  }

  private Response health() {
    Health health = log.health();
    com.fasterxml.jackson.databind.node.ObjectNode body = json.createObjectNode()
        .put("status", health.up() ? "up" : "down")
        .put("store", health.detail())
        .put("subscribers", dispatcher.subscriberCount());
    return Response.json(health.up() ? 200 : 503, body.toString());
  }

  /** {@link PublishEndpoint#publishTrusted}: the embedding application's own publishes. */
  public java.util.concurrent.CompletableFuture<String> publishTrusted(
      java.util.Map<String, java.util.List<String>> form) {
    return publish.publishTrusted(form);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public UpdateLog log() {
    return log;
  }

  public DispatchCounters counters() {
    return counters;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** Stops dispatching, closes every stream, then the log. */
  @Override
  public void close() {
    try {
      if (listener != null) {
        listener.close();
      }
    } catch (Exception ignored) {
      // Removing a listener from a local log cannot fail; a remote one is being closed anyway.
    }
    dispatcher.close();
    replayExecutor.shutdownNow();
    timers.shutdownNow();
    try {
      replayExecutor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.close();
    if (ownsRegistry) {
      registry.close();
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
