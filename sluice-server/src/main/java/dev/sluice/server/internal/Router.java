package dev.sluice.server.internal;

import dev.sluice.server.HttpHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the handlers for a path: exact patterns first, then the longest matching prefix pattern.
 * Immutable after construction, so event loops share it without locks.
 */
final class Router {
  private final Map<String, Map<String, HttpHandler>> exact = new HashMap<>();
  private final List<Map.Entry<String, Map<String, HttpHandler>>> prefixes = new ArrayList<>();

  Router(List<RouteSpec> routes) {
    Map<String, Map<String, HttpHandler>> byPrefix = new HashMap<>();
    for (RouteSpec route : routes) {
      Map<String, Map<String, HttpHandler>> table = route.isPrefix() ? byPrefix : exact;
      Map<String, HttpHandler> methods = table.computeIfAbsent(route.base(), k -> new LinkedHashMap<>());
      if (methods.putIfAbsent(route.method(), route.handler()) != null) {
        throw new IllegalArgumentException("duplicate route: " + route.method() + ' ' + route.pattern());
      }
    }
    exact.replaceAll((path, methods) -> Collections.unmodifiableMap(methods));
    for (Map.Entry<String, Map<String, HttpHandler>> entry : byPrefix.entrySet()) {
      prefixes.add(Map.entry(entry.getKey(), Collections.unmodifiableMap(entry.getValue())));
    }
    prefixes.sort(Comparator.comparingInt((Map.Entry<String, ?> e) -> e.getKey().length()).reversed());
  }

  /** The handlers by method for {@code path}, or empty if no pattern matches it (404). */
  Optional<Map<String, HttpHandler>> find(String path) {
    Map<String, HttpHandler> methods = exact.get(path);
    if (methods != null) return Optional.of(methods);
    for (Map.Entry<String, Map<String, HttpHandler>> prefix : prefixes) {
      String base = prefix.getKey();
      if (path.startsWith(base) && (path.length() == base.length() || path.charAt(base.length()) == '/')) {
        return Optional.of(prefix.getValue());
      }
    }
    return Optional.empty();
  }

  /** The handler for {@code method}, with {@code HEAD} served by {@code GET}. */
  static Optional<HttpHandler> handlerFor(Map<String, HttpHandler> methods, String method) {
    HttpHandler handler = methods.get(method);
    if (handler == null && method.equals("HEAD")) handler = methods.get("GET");
    return Optional.ofNullable(handler);
  }

  /** The {@code Allow} header value for a path. */
  static String allow(Map<String, HttpHandler> methods) {
    List<String> allowed = new ArrayList<>(methods.keySet());
    if (allowed.contains("GET") && !allowed.contains("HEAD")) allowed.add("HEAD");
    if (!allowed.contains("OPTIONS")) allowed.add("OPTIONS");
    return String.join(", ", allowed);
  }
}
