package dev.sluice.server.internal;

import dev.sluice.server.HttpHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what answers an admitted request before any handler runs: a CORS preflight answer, a
 * routing answer ({@code 404}; {@code 405} with {@code Allow}; {@code 204} with {@code Allow} for a
 * plain {@code OPTIONS}), or the route's handler. Stateless.
 */
final class RouteDecision {
  private RouteDecision() {}

  sealed interface Decision permits Reply, Handle {}

  /**
   * An answer without a handler: {@code message} is a short plain body, or null for none; the
   * connection may be kept.
   */
  record Reply(int status, String message, List<Map.Entry<String, String>> headers) implements Decision {}

  /** Run {@code handler}; add {@code corsHeaders} to whatever it answers. */
  record Handle(HttpHandler handler, List<Map.Entry<String, String>> corsHeaders) implements Decision {}

  static Decision decide(ServerState server, RequestAdmission.Admitted admitted) {
    String method = admitted.request().method();
    String origin = admitted.origin();
    if (server.cors.enabled() && CorsPolicy.isPreflight(method, origin, admitted.requestedMethod())) {
      Optional<List<Map.Entry<String, String>>> allowed = server.cors.preflight(origin);
      return allowed.<Decision>map(headers -> new Reply(204, null, headers))
          .orElseGet(() -> new Reply(403, "Forbidden: origin not allowed", List.of()));
    }
    Optional<Map<String, HttpHandler>> methods = server.router.find(admitted.request().path());
    if (methods.isEmpty()) return new Reply(404, "Not Found", List.of());
    Optional<HttpHandler> handler = Router.handlerFor(methods.get(), method);
    if (handler.isEmpty()) {
      List<Map.Entry<String, String>> allow = List.of(Map.entry("allow", Router.allow(methods.get())));
      return method.equals("OPTIONS") ? new Reply(204, null, allow) : new Reply(405, "Method Not Allowed", allow);
    }
    return new Handle(handler.get(), server.cors.responseHeaders(origin));
  }
}
