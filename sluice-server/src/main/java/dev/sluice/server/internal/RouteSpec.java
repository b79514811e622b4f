package dev.sluice.server.internal;

import dev.sluice.server.HttpHandler;
import java.util.Locale;
import java.util.Objects;

/**
 * One registered route: a method, a path pattern (exact, or a prefix ending in {@code /*}) and a
 * handler. Immutable.
 */
public record RouteSpec(String method, String pattern, HttpHandler handler) {
  public RouteSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(handler, "handler");
    if (!pattern.startsWith("/")) throw new IllegalArgumentException("path pattern must start with /: " + pattern);
    if (pattern.indexOf('*') >= 0 && !(pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1)) {
      throw new IllegalArgumentException("only a trailing /* is supported in a path pattern: " + pattern);
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c < 'A' || c > 'Z') throw new IllegalArgumentException("method must be upper-case letters: " + method);
    }
  }

  public static RouteSpec of(String method, String pattern, HttpHandler handler) {
    return new RouteSpec(method.toUpperCase(Locale.ROOT), pattern, handler);
  }

  public static RouteSpec async(String method, String pattern, dev.sluice.server.AsyncHttpHandler handler) {
    return of(method, pattern, new AsyncRoute(handler));
  }

  public static RouteSpec staticResources(String urlPrefix, String classpathRoot) {
    String prefix = urlPrefix.endsWith("/") ? urlPrefix : urlPrefix + "/";
    return new RouteSpec("GET", prefix + "*", new StaticResourceHandler(prefix, classpathRoot));
  }

  /** Whether this is a prefix pattern. */
  public boolean isPrefix() {
    return pattern.endsWith("/*");
  }

  /** For a prefix pattern, the prefix without the trailing {@code /*}; else the pattern. */
  public String base() {
    return isPrefix() ? pattern.substring(0, pattern.length() - 2) : pattern;
  }
}
