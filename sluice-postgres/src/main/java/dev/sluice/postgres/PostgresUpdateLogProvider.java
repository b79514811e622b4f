package dev.sluice.postgres;

import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogProvider;
import java.net.URI;

/**
 * Serves {@code postgresql://} transport URIs (see {@link PostgresTransportConfig} for the
 * syntax). Registered in {@code META-INF/services/dev.sluice.hub.spi.UpdateLogProvider}.
 */
public final class PostgresUpdateLogProvider implements UpdateLogProvider {
  @Override
  public String scheme() {
    return "postgresql";
  }

  @Override
  public UpdateLog create(URI uri, Retention retention) {
    return new PostgresUpdateLog(PostgresTransportConfig.parse(uri, retention));
  }
}
