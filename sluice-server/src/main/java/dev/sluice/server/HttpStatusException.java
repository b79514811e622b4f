package dev.sluice.server;

import dev.sluice.SseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thrown by a handler to answer with an error status and a short plain-text message instead of a
 * normal response, for example {@code 401} with a {@code WWW-Authenticate} header.
 *
 * <pre>{@code
 * throw new HttpStatusException(401, "missing token",
 *     Map.of("WWW-Authenticate", "Bearer realm=\"mercure\""));
 * }</pre>
 */
public class HttpStatusException extends SseException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, String> headers;

  public HttpStatusException(int status, String message) {
    this(status, message, Map.of());
  }

  /**
   * @param status an HTTP status from 400 to 599
   * @param message sent to the client as the plain-text body; keep it short and free of secrets
   * @param headers extra response headers, in order
   */
  public HttpStatusException(int status, String message, Map<String, String> headers) {
    super(Objects.requireNonNull(message, "message"));
    if (status < 400 || status > 599) throw new IllegalArgumentException("status not 4xx/5xx: " + status);
    this.status = status;
    this.headers = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
  }

  public int status() {
    return status;
  }

  /** Extra response headers. */
  public Map<String, String> headers() {
    return headers;
  }
}
