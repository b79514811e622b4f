package dev.sluice.hub.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.internal.dispatch.DispatchCounters;
import dev.sluice.hub.internal.dispatch.Dispatcher;
import dev.sluice.hub.internal.dispatch.Fanout;
import dev.sluice.hub.internal.dispatch.Replayer;
import dev.sluice.hub.internal.http.AccessPolicy;
import dev.sluice.hub.internal.http.HttpCall;
import dev.sluice.hub.internal.http.HubResponse;
import dev.sluice.hub.internal.http.MatcherFactory;
import dev.sluice.hub.internal.http.PublishEndpoint;
import dev.sluice.hub.internal.http.SubscribeEndpoint;
import dev.sluice.hub.internal.http.Subscriptions;
import dev.sluice.hub.internal.http.SubscriptionsEndpoint;
import dev.sluice.hub.internal.http.UiEndpoint;
import dev.sluice.hub.internal.id.RandomIds;
import dev.sluice.hub.internal.id.UuidV7Ids;
import dev.sluice.hub.spi.Health;
import dev.sluice.hub.spi.UpdateLog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The hub's parts wired together, independent of the HTTP server: log, dispatcher, replay,
 * subscriptions, endpoints and meters. {@link #route} answers one request.
 */
public final class HubRuntime implements AutoCloseable {
  public static final String HUB_PATH = "/.well-known/mercure";

  private final UpdateLog log;
  private final Dispatcher dispatcher;
  private final ExecutorService replayExecutor;
  private final ScheduledExecutorService timers;
  private final PrometheusMeterRegistry registry;
  private final PublishEndpoint publish;
  private final AccessPolicy access;
  private final SubscribeEndpoint subscribe;
  private final SubscriptionsEndpoint subscriptionsApi;
  private final Subscriptions subscriptions;
  private final UiEndpoint ui;
  private final DispatchCounters counters = new DispatchCounters();
  private final LongAdder published = new LongAdder();
  private AutoCloseable listener;

  public HubRuntime(HubConfig config, UpdateLog log, AccessPolicy access, MatcherFactory matchers,
      Fanout fanout, Clock clock, String hubUrl, Optional<String> uiConfigJson) {
    this.log = log;
    ObjectMapper json = new ObjectMapper();
    Supplier<String> ids = config.ids() == HubConfig.IdStrategy.RANDOM
        ? new RandomIds() : new UuidV7Ids(clock);
    dispatcher = new Dispatcher(fanout, counters, config.maxPendingPerSubscriber());
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
        timers, clock, new SubscribeEndpoint.Limits(config.maxMatchers()),
        counters);
    subscriptionsApi = new SubscriptionsEndpoint(access, subscriptions, log, json, hubUrl);
    ui = new UiEndpoint(() -> new UiEndpoint.Stats(dispatcher.subscriberCount(),
        subscriptions.subscriptionCount(), dispatcher.exactTopicCount(), published.sum(),
        counters.deliveries.sum(), log.size()), timers, uiConfigJson);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
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
   * Answers a publish ({@code POST} on the hub path) without blocking, when {@link #publishMayBlock()}
   * is false; see {@link PublishEndpoint#handleAsync}.
   */
  public java.util.concurrent.CompletionStage<HubResponse> publishAsync(HttpCall call) {
    return publish.handleAsync(call);
  }

  /** Whether checking a publisher may block (keys from a JWK Set URL), so it needs a worker thread. */
  public boolean publishMayBlock() {
    return access.mayBlock();
  }

  /** Answers one request to a hub path; {@code 404} for paths the hub does not serve. */
  public HubResponse route(HttpCall call) {
    String path = call.path();
    String method = call.method();
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (path.equals(HUB_PATH)) {
      if (read) {
        return subscribe.handle(call);
      }
      if (method.equals("POST")) {
        return publish.handle(call);
      }
      return HubResponse.text(405, "use GET to subscribe or POST to publish")
          .withHeader("Allow", "GET, HEAD, POST");
    }
    if (path.equals(Subscriptions.PREFIX) || path.startsWith(Subscriptions.PREFIX + "/")) {
      return read ? subscriptionsApi.handle(call) : HubResponse.text(405, "use GET");
    }
    if (path.equals("/healthz")) {
      return health();
    }
    if (path.equals("/metrics")) {
      return HubResponse.body(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }
    if (UiEndpoint.serves(path) && read) {
      return ui.handle(call);
    }
    return HubResponse.text(404, "not found");
  }

  private HubResponse health() {
    Health health = log.health();
    String body = "{\"status\":\"" + (health.up() ? "up" : "down") + "\",\"store\":"
        + quote(health.detail()) + ",\"subscribers\":" + dispatcher.subscriberCount() + "}";
    return HubResponse.body(health.up() ? 200 : 503, "application/json", body);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  public PrometheusMeterRegistry registry() {
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
    registry.close();
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
