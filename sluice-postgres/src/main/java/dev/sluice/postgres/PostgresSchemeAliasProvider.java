package dev.sluice.postgres;

import dev.sluice.hub.spi.Retention;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogProvider;
import java.net.URI;

/**
 * Serves {@code postgres://} transport URIs exactly as {@link PostgresUpdateLogProvider} serves
 * {@code postgresql://}: libpq, {@code psql} and most connection strings in the wild use the short
 * scheme, and an operator pasting one should not meet "no transport". The hub picks a provider by
 * scheme alone, hence a second provider rather than an alias table in the hub.
 */
public final class PostgresSchemeAliasProvider implements UpdateLogProvider {
  @Override
  public String scheme() {
    return "postgres";
  }

  @Override
  public UpdateLog create(URI uri, Retention retention) {
    return new PostgresUpdateLog(PostgresTransportConfig.parse(uri, retention));
  }
}
