package dev.sluice.server;

/**
 * Live counters of one {@link SseServer}, cheap to read from any thread (values may be a moment
 * old). Bridge them to a metrics library with gauges and function counters.
 */
public interface ServerStats {
  /** TCP connections open now. */
  long connections();

  /** Event streams open now (HTTP/1.1 and HTTP/2). */
  long openStreams();

  /** Event streams opened since start. */
  long streamsOpened();

  /** Streams closed because the client did not keep up (the outbound queue overflowed). */
  long slowStreamCloses();

  /** Events and comments written to streams since start, heartbeats excluded. */
  long deliveries();

  /** Heartbeat comments written since start. */
  long heartbeats();

  /**
   * Event streams refused with {@code 503} because {@code maxStreams} were open, or because the
   * server was shutting down when the stream's handler finished.
   */
  long rejectedStreams();

  /**
   * Connections closed as soon as they were accepted, past {@code maxConnections} or {@code
   * maxConnectionsPerAddress}.
   */
  long rejectedConnections();
}
