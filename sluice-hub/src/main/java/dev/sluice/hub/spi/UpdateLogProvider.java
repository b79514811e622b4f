package dev.sluice.hub.spi;

import java.net.URI;

/**
 * Creates an {@link UpdateLog} for a transport URI such as {@code redis://host:6379/0}.
 *
 * <p>Found with {@link java.util.ServiceLoader}: a module that provides a transport lists its
 * provider in {@code META-INF/services/dev.sluice.hub.spi.UpdateLogProvider}, and
 * {@code sluice serve --transport redis://…} picks it by {@link #scheme()}. The hub core never
 * names a transport.
 */
public interface UpdateLogProvider {

  /** The URI scheme this provider serves, lower case, e.g. {@code redis}. */
  String scheme();

  /**
   * Creates a log that is not yet started.
   *
   * @param uri the transport URI as the operator gave it
   * @param retention how much history to keep
   */
  UpdateLog create(URI uri, Retention retention);
}
