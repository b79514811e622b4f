package dev.sluice.redis;

import java.util.Objects;
import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogProvider;
import java.net.URI;

/**
 * Serves {@code redis://} and {@code rediss://} transport URIs (see {@link RedisTransportConfig}
 * for the syntax). Registered in {@code META-INF/services/dev.sluice.hub.spi.UpdateLogProvider}.
 */
public final class RedisUpdateLogProvider implements UpdateLogProvider {
  /** For {@link java.util.ServiceLoader}. */
  public RedisUpdateLogProvider() {}

  @Override
  public String scheme() {
    return "redis";
  }

  @Override
  public UpdateLog create(URI uri, Retention retention) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(retention, "retention");
    return new RedisUpdateLog(RedisTransportConfig.parse(uri, retention));
  }
}
