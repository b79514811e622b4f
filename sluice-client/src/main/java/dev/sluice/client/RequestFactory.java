package dev.sluice.client;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds each attempt's request: calls the URL and header suppliers afresh (a token may have been
 * refreshed since the last attempt) and adds the headers an EventSource always sends.
 */
final class RequestFactory {
  private final Supplier<URI> uri;
  private final String method;
  private final byte[] body; // Nullable.
  private final Map<String, String> headers;
  private final Supplier<Map<String, String>> headerSupplier; // Nullable.
  private final String lastEventIdQueryParameter; // Nullable: send the header instead.

  RequestFactory(Supplier<URI> uri, String method, byte[] body, Map<String, String> headers,
      Supplier<Map<String, String>> headerSupplier, String lastEventIdQueryParameter) {
    this.uri = uri;
    this.method = method;
    this.body = body;
    this.headers = headers;
    this.headerSupplier = headerSupplier;
    this.lastEventIdQueryParameter = lastEventIdQueryParameter;
  }

  Transport.Request next(String lastEventId) {
    URI target = Objects.requireNonNull(uri.get(), "the URI supplier returned null");
    Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    all.put("Accept", List.of("text/event-stream"));
    // Intermediaries must not answer from a cache: every connection is a live stream.
    all.put("Cache-Control", List.of("no-cache"));
    headers.forEach((name, value) -> all.put(name, List.of(value)));
    if (headerSupplier != null) {
      Map<String, String> fresh = Objects.requireNonNull(headerSupplier.get(),
          "the header supplier returned null");
      fresh.forEach((name, value) -> all.put(name, List.of(value)));
    }
    if (!lastEventId.isEmpty()) {
      if (lastEventIdQueryParameter != null) {
        target = LastEventIds.withQueryParameter(target, lastEventIdQueryParameter, lastEventId);
        all.remove("Last-Event-ID");
      } else {
        all.put("Last-Event-ID", List.of(LastEventIds.headerValue(lastEventId)));
      }
    }
    return new Transport.Request(target, method, all, Optional.ofNullable(body));
  }
}
