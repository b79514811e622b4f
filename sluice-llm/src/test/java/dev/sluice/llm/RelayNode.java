package dev.sluice.llm;

import dev.sluice.hub.spi.Retention;
import dev.sluice.redis.RedisTransportConfig;
import dev.sluice.redis.RedisUpdateLog;
import dev.sluice.server.SseServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;

/**
 * One relay node as a deployment would run it: its own connection to the shared Redis log, its own
 * relay and its own HTTP server on a loopback port.
 */
final class RelayNode implements AutoCloseable {
  final RedisUpdateLog log;
  final LlmRelay relay;
  final SseServer server;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  RelayNode(URI redis, String name, ModelUpstream upstream, LlmLimits limits) {
    this(redis, name, upstream, limits, LlmAuthorizer.open());
  }

  RelayNode(URI redis, String name, ModelUpstream upstream, LlmLimits limits, LlmAuthorizer authorizer) {
    this(redis, name, upstream, limits, authorizer, Retention.DEFAULT);
  }

  RelayNode(URI redis, String name, ModelUpstream upstream, LlmLimits limits, LlmAuthorizer authorizer,
      Retention retention) {
    // Generous command timeout: the test machine is shared and often loaded.
    log = new RedisUpdateLog(RedisTransportConfig.builder(redis).retention(retention)
        .commandTimeout(Duration.ofSeconds(10)).build());
    log.start();
    relay = LlmRelay.builder().log(log).upstream(upstream).limits(limits).authorizer(authorizer).meterRegistry(meters).node(name).build();
    server = relay.mount(SseServer.builder().bindAddress("127.0.0.1").port(0).heartbeat(Duration.ofSeconds(5))).build();
    relay.start();
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port() + "/v1";
  }

  String origin() {
    return "http://127.0.0.1:" + server.port();
  }

  double counter(LlmMeters meter) {
    return meters.get(meter.meterName()).counter().count();
  }

  /** The node dies: its log connection and server go without any goodbye written to the log. */
  void die() {
    log.close();
    server.stop(Duration.ofSeconds(2));
    relay.close();
  }

  @Override
  public void close() {
    relay.close();
    server.stop(Duration.ofSeconds(2));
    log.close();
  }
}
