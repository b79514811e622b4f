/**
 * Many hub nodes acting as one: the hub's {@link dev.sluice.hub.spi.UpdateLog} on one Redis
 * stream, read by every node.
 *
 * <p>Select it with {@code sluice serve --transport redis://host:6379/0} (or {@code rediss://} for
 * TLS); {@link dev.sluice.redis.RedisUpdateLogProvider} is found through {@link
 * java.util.ServiceLoader}, so the hub core never names Redis. See {@code docs/cluster.md} for a
 * deployment and {@code docs/architecture.md} ("sluice-redis") for the design.
 */
package dev.sluice.redis;
