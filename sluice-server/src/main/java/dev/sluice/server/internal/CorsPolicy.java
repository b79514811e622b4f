package dev.sluice.server.internal;

import dev.sluice.server.CorsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applies a {@link CorsConfig}: preflight answers and the headers for allowed requests. Immutable. */
final class CorsPolicy {
  private final CorsConfig config; // Null when CORS is off.

  CorsPolicy(CorsConfig config) {
    this.config = config;
  }

  boolean enabled() {
    return config != null;
  }

  /** Whether this is a CORS preflight: {@code OPTIONS} with {@code Origin} and a requested method. */
  static boolean isPreflight(String method, String origin, String requestedMethod) {
    return method.equals("OPTIONS") && origin != null && requestedMethod != null;
  }

  /**
   * The headers for a preflight from {@code origin}, or empty if the origin is not allowed (then the
   * caller answers 403).
   */
  Optional<List<Map.Entry<String, String>>> preflight(String origin) {
    if (config == null) return Optional.empty();
    Optional<String> allowed = config.allowedOriginFor(origin);
    if (allowed.isEmpty()) return Optional.empty();
    List<Map.Entry<String, String>> headers = common(allowed.get());
    headers.add(Map.entry("access-control-allow-methods", String.join(", ", config.allowedMethods())));
    headers.add(Map.entry("access-control-allow-headers", String.join(", ", config.allowedHeaders())));
    headers.add(Map.entry("access-control-max-age", Long.toString(config.maxAge().toSeconds())));
    return Optional.of(headers);
  }

  /** The headers to add to an ordinary response to {@code origin} (null: no Origin); maybe none. */
  List<Map.Entry<String, String>> responseHeaders(String origin) {
    if (config == null || origin == null) return List.of();
    Optional<String> allowed = config.allowedOriginFor(origin);
    if (allowed.isEmpty()) return List.of();
    List<Map.Entry<String, String>> headers = common(allowed.get());
    if (!config.exposedHeaders().isEmpty()) {
      headers.add(Map.entry("access-control-expose-headers", String.join(", ", config.exposedHeaders())));
    }
    return headers;
  }

  private List<Map.Entry<String, String>> common(String allowedOrigin) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(6);
    headers.add(Map.entry("access-control-allow-origin", allowedOrigin));
    if (!allowedOrigin.equals("*") || config.allowedOrigins().size() > 1) headers.add(Map.entry("vary", "Origin"));
    if (config.credentialsFor(allowedOrigin)) headers.add(Map.entry("access-control-allow-credentials", "true"));
    return headers;
  }
}
