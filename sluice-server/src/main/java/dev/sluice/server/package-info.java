/**
 * An embeddable Server-Sent Events server on Netty.
 *
 * <p>Start with {@link dev.sluice.server.SseServer#builder()}. Routes answer either with an ordinary
 * {@link dev.sluice.server.Response} or by opening an event stream ({@link dev.sluice.server.SseStream}).
 * Many streams receive one event, encoded once, through {@link dev.sluice.server.Fanout} or
 * {@link dev.sluice.server.StreamGroup}.
 *
 * <p>Every parameter and return value in this package is non-null unless its Javadoc says otherwise;
 * values that may be absent are returned as {@link java.util.Optional}.
 */
package dev.sluice.server;
