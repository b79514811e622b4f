package dev.sluice.server.internal;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What the handlers of one server share: configuration, routes, CORS policy, counters, the per-loop
 * stream registries and the stopping flag. Thread-safe: immutable apart from {@link #stopping} and
 * the counters.
 */
final class ServerState {
  /** Answered with 503 during shutdown and past the stream limit. */
  static final String RETRY_AFTER_SECONDS = "5";

  final ServerConfig config;
  final Router router;
  final CorsPolicy cors;
  final ServerCounters counters;
  final Executor handlerExecutor; // Null: handlers run on the event loop.
  private final Map<EventLoop, LoopStreams> loops; // Read-only after construction.
  volatile boolean stopping;

  ServerState(ServerConfig config, ServerCounters counters, Map<EventLoop, LoopStreams> loops) {
    this.config = config;
    this.router = new Router(config.routes());
    this.cors = new CorsPolicy(config.cors());
    this.counters = counters;
    this.handlerExecutor = config.handlerExecutor();
    this.loops = loops;
  }

  /** The stream registry of {@code loop}. */
  LoopStreams loopStreams(EventLoop loop) {
    LoopStreams result = loops.get(loop);
    if (result == null) throw new IllegalStateException("not an event loop of this server: " + loop);
    return result;
  }
}
