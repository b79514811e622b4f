package dev.sluice.hub.internal;

import dev.sluice.hub.HubConfig;
import dev.sluice.hub.internal.store.MemoryUpdateLog;
import dev.sluice.hub.internal.store.MvStoreUpdateLog;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogProvider;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.ServiceLoader;

/** Picks the log a configuration asks for: a transport by URI scheme, else an embedded store. */
public final class Stores {
  private Stores() {}

  public static UpdateLog create(HubConfig config, Clock clock) {
    if (config.transport().isPresent()) {
      return transport(config.transport().get(), config);
    }
    switch (config.store()) {
      case MEMORY:
        return new MemoryUpdateLog(config.retention(), clock);
      case MVSTORE:
      default:
        return new MvStoreUpdateLog(config.dataDir(), config.retention(),
            config.fsync(), clock, config.storeQueue());
    }
  }

  private static UpdateLog transport(URI uri, HubConfig config) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    for (UpdateLogProvider provider : ServiceLoader.load(UpdateLogProvider.class)) {
      if (provider.scheme().equals(scheme)
          || (scheme.equals("rediss") && provider.scheme().equals("redis"))) {
        return provider.create(uri, config.retention());
      }
    }
    throw new IllegalArgumentException("no transport for " + scheme
        + ":// on the class path (is the sluice-redis module included?)");
  }
}
