package dev.sluice.server.internal;

import dev.sluice.server.HttpHandler;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves files from the classpath under one URL prefix, with a content type from the extension, an
 * {@code ETag} (so revalidation answers {@code 304}) and {@code Cache-Control: no-cache}. Directory
 * paths serve their {@code index.html}. Files are read once and cached: they are part of the jar and
 * do not change. Thread-safe.
 */
final class StaticResourceHandler implements HttpHandler {
  /** Files larger than this are refused rather than held in memory. */
  private static final int MAX_FILE_SIZE = 8 * 1024 * 1024;
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("webp", "image/webp"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("map", "application/json"),
      Map.entry("wasm", "application/wasm"));

  private final String urlPrefix; // Ends with "/".
  private final String classpathRoot; // No leading or trailing "/".
  private final Map<String, Optional<Response>> cache = new ConcurrentHashMap<>();

  StaticResourceHandler(String urlPrefix, String classpathRoot) {
    this.urlPrefix = urlPrefix;
    this.classpathRoot = trimSlashes(classpathRoot);
  }

  @Override
  public Response handle(Request request) {
    String path = request.path();
    String relative = path.length() <= urlPrefix.length() ? "" : path.substring(urlPrefix.length());
    if (relative.isEmpty() || relative.endsWith("/")) relative += "index.html";
    if (!isSafe(relative)) throw new HttpStatusException(404, "Not Found");
    String resource = classpathRoot.isEmpty() ? relative : classpathRoot + '/' + relative;
    Response response = cache.computeIfAbsent(resource, this::load)
        .orElseThrow(() -> new HttpStatusException(404, "Not Found"));
    String etag = response.headers().stream().filter(h -> h.getKey().equals("etag"))
        .map(Map.Entry::getValue).findFirst().orElse("");
    if (request.headers("If-None-Match").stream().anyMatch(value -> value.contains(etag))) {
      return Response.status(304).withHeader("etag", etag).withHeader("cache-control", "no-cache");
    }
    return response;
  }

  /** Relative paths that cannot climb out of the root or name odd files. */
  private static boolean isSafe(String relative) {
    if (relative.startsWith("/") || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0) return false;
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) return false;
    }
    return !relative.endsWith(".class");
  }

  private Optional<Response> load(String resource) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    URL url = loader != null ? loader.getResource(resource) : null;
    if (url == null) url = StaticResourceHandler.class.getClassLoader().getResource(resource);
    if (url == null || url.getPath().endsWith("/")) return Optional.empty();
    try (InputStream in = url.openStream()) {
      byte[] bytes = in.readNBytes(MAX_FILE_SIZE + 1);
      if (bytes.length > MAX_FILE_SIZE) return Optional.empty();
      return Optional.of(Response.bytes(200, contentType(resource), bytes)
          .withHeader("etag", '"' + digest(bytes) + '"')
          .withHeader("cache-control", "no-cache"));
    } catch (IOException e) {
      // A directory on a file: URL, or an unreadable entry: not a file we can serve.
      return Optional.empty();
    }
  }

  private static String contentType(String resource) {
    int dot = resource.lastIndexOf('.');
    String extension = dot < 0 ? "" : resource.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(extension, "application/octet-stream");
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }

  private static String trimSlashes(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && value.charAt(start) == '/') start++;
    while (end > start && value.charAt(end - 1) == '/') end--;
    return value.substring(start, end);
  }
}
