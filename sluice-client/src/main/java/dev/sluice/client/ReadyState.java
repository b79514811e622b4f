package dev.sluice.client;

/** An {@link EventSource}'s state, as the WHATWG {@code EventSource.readyState}. */
public enum ReadyState {
  /** Connecting, or waiting to reconnect. */
  CONNECTING,
  /** A stream is open and events are being dispatched. */
  OPEN,
  /** Closed for good: by {@link EventSource#close()}, a 204, or an error not retried. */
  CLOSED
}
