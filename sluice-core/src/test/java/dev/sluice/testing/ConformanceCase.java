package dev.sluice.testing;

import java.util.List;

/**
 * One stream of the conformance corpus and what a browser's {@code EventSource} dispatches for it.
 *
 * @param name the rule the case shows, for test names
 * @param stream the exact bytes of one whole connection
 * @param expected each dispatched event as {@link BrowserEvents#json} renders it, in order
 */
public record ConformanceCase(String name, byte[] stream, List<String> expected) {
  @Override
  public String toString() {
    return name;
  }
}
