package dev.sluice.llm;

import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.llm.internal.LogFeed;
import dev.sluice.llm.internal.RelayMeters;
import dev.sluice.llm.internal.ResponsesApi;
import dev.sluice.server.AsyncHttpHandler;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.SseServer;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Resumable LLM streams: an OpenAI Responses API endpoint whose every event is appended to a shared
 * {@link UpdateLog} before any client sees it. A dropped client resumes with
 * {@code starting_after} (or {@code Last-Event-ID}) on any relay sharing the log; a cancel reaches
 * the node generating; a node that dies ends its responses as {@code failed} for their readers.
 *
 * <pre>{@code
 * LlmRelay relay = LlmRelay.builder()
 *     .log(updateLog)                 // the hub's log: MVStore, memory or Redis
 *     .upstream(DemoModel.create())   // or ChatCompletionsUpstream.of(uri, key)
 *     .meterRegistry(registry)
 *     .build();
 * SseServer server = relay.mount(SseServer.builder().port(8080)).build();
 * relay.start();
 * server.start();
 * }</pre>
 *
 * <h3>Routes</h3>
 * {@code POST /v1/responses}, {@code GET /v1/responses/{id}} (add {@code ?stream=true} and
 * optionally {@code starting_after=N} for the events), {@code POST /v1/responses/{id}/cancel}, and
 * a demo page at {@code /llm/}. See {@code docs/llm.md}.
 *
 * <h3>Lifecycle</h3>
 * The log is the caller's: start it before {@link #start()}, close it after {@link #close()}.
 * Thread-safe.
 */
public final class LlmRelay implements AutoCloseable {
  private final UpdateLog log;
  private final LogFeed feed = new LogFeed();
  private final ScheduledExecutorService timer;
  private final ResponsesApi api;
  private final String node;

  private LlmRelay(Builder builder) {
    this.log = Objects.requireNonNull(builder.log, "log");
    this.node = builder.node != null ? builder.node : UUID.randomUUID().toString().substring(0, 8);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-llm-timer-" + node);
      t.setDaemon(true);
      return t;
    });
    RelayMeters meters = new RelayMeters(builder.meterRegistry, node);
    this.api = new ResponsesApi(log, feed, builder.upstream, builder.authorizer, builder.limits, builder.clock, timer,
        meters, node);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds the relay's routes to a server being configured; returns it for chaining. */
  public SseServer.Builder mount(SseServer.Builder server) {
    return server
        .routeAsync("POST", "/v1/responses", timeoutsAs503(api::create))
        .routeAsync("GET", "/v1/responses/*", timeoutsAs503(api::get))
        .routeAsync("POST", "/v1/responses/*", timeoutsAs503(api::cancel))
        .staticResources("/llm", "dev/sluice/llm/web");
  }

  /** A wait on the log that timed out is the log's trouble, not a server bug: 503, not 500. */
  private static AsyncHttpHandler timeoutsAs503(AsyncHttpHandler handler) {
    return request -> handler.handle(request).handle((response, failure) -> {
      if (failure == null) return response;
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof TimeoutException) {
        throw new HttpStatusException(503, "timed out waiting for the log; retry later", Map.of("Retry-After", "1"));
      }
      throw failure instanceof CompletionException c ? c : new CompletionException(cause);
    });
  }

  /** Starts listening to the log. Call once, after the log started. */
  public void start() {
    feed.start(log);
  }

  /** This node's name, as tagged on meters and stored with each generation. */
  public String node() {
    return node;
  }

  /** Generations running on this node. */
  public int runningGenerations() {
    return api.running();
  }

  /**
   * Ends the generations running here as {@code failed} ("the relay node shut down"), stops
   * listening to the log and stops the timer. The log stays open: it is the caller's.
   */
  @Override
  public void close() {
    api.abandonAll();
    feed.close();
    timer.shutdown();
  }

  /** Configures an {@link LlmRelay}. Not thread-safe. */
  public static final class Builder {
    private UpdateLog log;
    private ModelUpstream upstream = DemoModel.create();
    private LlmAuthorizer authorizer = LlmAuthorizer.open();
    private LlmLimits limits = LlmLimits.DEFAULT;
    private MeterRegistry meterRegistry = new SimpleMeterRegistry();
    private Clock clock = Clock.systemUTC();
    private String node;

    private Builder() {}

    /** The shared log every event is stored in; required. Nodes sharing it form one relay. */
    public Builder log(UpdateLog log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** Where text comes from. Default: the built-in {@link DemoModel}. */
    public Builder upstream(ModelUpstream upstream) {
      this.upstream = Objects.requireNonNull(upstream, "upstream");
      return this;
    }

    /** Who may create and read. Default {@link LlmAuthorizer#open()}: development mode. */
    public Builder authorizer(LlmAuthorizer authorizer) {
      this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    public Builder limits(LlmLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Where {@link LlmMeters} are registered. Default: a private simple registry. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The clock leases and retention are measured by; the log's store times must agree with it. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** This node's name; default a random one. */
    public Builder node(String node) {
      this.node = Objects.requireNonNull(node, "node");
      return this;
    }

    public LlmRelay build() {
      return new LlmRelay(this);
    }
  }
}
