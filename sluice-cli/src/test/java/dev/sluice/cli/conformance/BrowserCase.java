package dev.sluice.cli.conformance;

import java.util.List;
import java.util.Optional;

/**
 * One stream scenario to replay to Chromium and to Sluice: the exact bytes of each connection in
 * turn (a second one is the reconnection after the first ends), and, for corpus cases, the events
 * the corpus says a browser dispatches.
 *
 * @param name the rule the case shows
 * @param connections the response body of each connection, in order; at least one
 * @param corpusExpectation the corpus's {@code =} lines, if the case comes from the corpus
 */
record BrowserCase(String name, List<byte[]> connections, Optional<List<Dispatched>> corpusExpectation) {
  BrowserCase {
    if (connections.isEmpty()) throw new IllegalArgumentException("no connection in " + name);
    connections = List.copyOf(connections);
  }

  boolean reconnects() {
    return connections.size() > 1;
  }

  @Override
  public String toString() {
    return name;
  }
}
