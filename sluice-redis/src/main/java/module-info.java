/**
 * The hub's update log on one Redis stream, so many hub nodes act as one. Exported:
 * {@code dev.sluice.redis} ({@code RedisUpdateLog}, {@code RedisTransportConfig},
 * {@code RedisMeters}); the hub finds it through {@code UpdateLogProvider} for {@code redis://}
 * and {@code rediss://} transport URIs.
 */
@SuppressWarnings("requires-automatic") // Lettuce ships an Automatic-Module-Name, no descriptor.
module dev.sluice.redis {
  requires transitive dev.sluice.hub; // RedisUpdateLog is an UpdateLog.
  requires lettuce.core;

  exports dev.sluice.redis;

  provides dev.sluice.hub.spi.UpdateLogProvider with dev.sluice.redis.RedisUpdateLogProvider;
}
