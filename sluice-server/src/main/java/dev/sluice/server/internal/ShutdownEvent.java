package dev.sluice.server.internal;

/** Fired through every connection's pipeline at shutdown: idle connections close themselves. */
enum ShutdownEvent {
  INSTANCE
}
