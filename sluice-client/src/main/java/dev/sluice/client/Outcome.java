package dev.sluice.client;

import java.time.Duration;

/** How one connection attempt ended, and so what the source does next. */
record Outcome(Kind kind, SseClientException error, Duration retryAfter) {
  enum Kind {
    /** The server ended the stream cleanly: reconnect, as a browser does. */
    END_OF_STREAM,
    /** 204 No Content: the server wants the client to stop. */
    NO_CONTENT,
    /** close() was called. */
    CLOSED,
    /** A failure the {@link ErrorStrategy} may retry. */
    RETRYABLE,
    /** A failure retrying cannot fix. */
    FATAL
  }

  static final Outcome END_OF_STREAM_OUTCOME = new Outcome(Kind.END_OF_STREAM, null, null);
  static final Outcome NO_CONTENT_OUTCOME = new Outcome(Kind.NO_CONTENT, null, null);
  static final Outcome CLOSED_OUTCOME = new Outcome(Kind.CLOSED, null, null);

  static Outcome retryable(SseClientException error, Duration retryAfter) {
    return new Outcome(Kind.RETRYABLE, error, retryAfter);
  }

  static Outcome fatal(SseClientException error) {
    return new Outcome(Kind.FATAL, error, null);
  }
}
