package dev.sluice.server.internal;

import dev.sluice.server.Response;
import java.util.Optional;

/** Admits new event streams against {@code maxStreams} and shutdown. Stateless; the count is in the counters. */
final class StreamReservations {
  private StreamReservations() {}

  /**
   * Counts a new event stream against {@code maxStreams}, or returns the {@code 503} to answer
   * instead: past the limit, or when shutdown began while the handler ran (on the handler executor
   * it may finish after the open streams were told to come back later, so a stream opened now
   * would miss that {@code retry:} hint and hold shutdown until its deadline). A reservation is
   * given back when the stream closes.
   */
  static Optional<Response> reserve(ServerState server) {
    String reason;
    if (server.stopping) {
      reason = "shutting down";
    } else if (server.counters.tryReserveStream(server.config.maxStreams())) {
      return Optional.empty();
    } else {
      reason = "too many event streams";
    }
    server.counters.rejectedStreams.increment();
    return Optional.of(Response.text(503, "Service Unavailable: " + reason + "\n")
        .withHeader("retry-after", ServerState.RETRY_AFTER_SECONDS));
  }
}
