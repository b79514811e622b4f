package dev.sluice.hub.spi;

/**
 * The answer to "what came after event id X?".
 *
 * <p>{@link Unknown} is a normal answer, not an error: the id was never stored here, or retention
 * removed it. The hub then answers {@code Mercure-Last-Event-ID: earliest} and sends no history,
 * as the Mercure draft asks, so the subscriber knows it may have missed updates.
 */
public sealed interface HistoryLookup permits HistoryLookup.Found, HistoryLookup.Unknown {

  /** The id is in the log; {@code history.anchor()} is the update that carries it. */
  record Found(History history) implements HistoryLookup {}

  /** The id is not in the log (never stored, or removed by retention). */
  record Unknown(String id) implements HistoryLookup {}
}
