package dev.sluice.server.internal;

import dev.sluice.server.ServerStats;
import java.time.Duration;

/** Starts, runs and stops the Netty server for one {@link dev.sluice.server.SseServer}. */
public final class ServerRuntime {
  private final ServerConfig config;

  public ServerRuntime(ServerConfig config) {
    this.config = config;
  }

  public ServerConfig config() {
    return config;
  }

  public int start() {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public int port() {
    throw new IllegalStateException("not started");
  }

  public ServerStats stats() {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public boolean isNativeTransport() {
    return false;
  }

  public void stop(Duration timeout) {}
}
