/**
 * The {@code text/event-stream} codec: {@link dev.sluice.ServerSentEvent}, {@link dev.sluice.EventEncoder}
 * and {@link dev.sluice.EventParser}.
 *
 * <p>Every parameter and return value in this package is non-null unless its Javadoc says otherwise;
 * values that may be absent are returned as {@link java.util.Optional}.
 */
package dev.sluice;
