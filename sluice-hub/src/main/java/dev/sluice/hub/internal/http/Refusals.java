package dev.sluice.hub.internal.http;

import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Response;
import java.util.Map;

/**
 * The wire form of a refusal. Every hub refusal is one {@link HttpStatusException} (the auth room's
 * {@code AuthorizationException} is one too, carrying its RFC 6750 challenge as a header) from where
 * it is decided to here; an endpoint answers it with this {@code text/plain} body, exactly the short
 * message (the server's own fallback would add a line break the hub's clients have never seen).
 */
final class Refusals {
  private Refusals() {}

  static Response toResponse(HttpStatusException refusal) {
    Response response = Response.text(refusal.status(), refusal.getMessage());
    for (Map.Entry<String, String> header : refusal.headers().entrySet()) {
      response = response.withHeader(header.getKey(), header.getValue());
    }
    return response;
  }

  /** {@code 503} with {@code Retry-After: 1}: storage trouble the publisher may retry soon. */
  static HttpStatusException unavailable(String message) {
    return new HttpStatusException(503, message, Map.of("Retry-After", "1"));
  }
}
