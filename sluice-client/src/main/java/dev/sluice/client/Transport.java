package dev.sluice.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The seam between an {@link EventSource} and HTTP: it sends one request and hands back the
 * response's status, headers and body bytes. {@link HttpClientTransport} is the implementation on
 * {@code java.net.http}; a test or another HTTP stack can supply its own.
 */
@FunctionalInterface
public interface Transport {
  /** Starts {@code request}. Does not block: the caller waits on {@link Exchange#response()}. */
  Exchange start(Request request);

  /** One HTTP request. {@code body} is empty for a request without one. */
  record Request(URI uri, String method, Map<String, List<String>> headers, Optional<byte[]> body) {
    public Request {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(method, "method");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  /** One request in flight. */
  interface Exchange {
    /**
     * Blocks until the response headers arrive.
     *
     * @throws IOException if the request failed, or was {@linkplain #cancel() cancelled}
     */
    Response response() throws IOException;

    /**
     * Aborts the exchange from any thread: a blocked {@link #response()} or body read ends with an
     * {@link IOException}, and the connection is released. Idempotent.
     */
    void cancel();
  }

  /** A response whose headers have arrived. */
  interface Response {
    int status();

    /** The first value of the header, matched case-insensitively. */
    Optional<String> header(String name);

    /** The body. Reads block until bytes arrive; {@link Exchange#cancel()} unblocks them. */
    InputStream body();
  }
}
