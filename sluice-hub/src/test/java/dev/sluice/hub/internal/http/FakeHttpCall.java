package dev.sluice.hub.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;

/** A request built by hand, for endpoint tests that need no socket. */
final class FakeHttpCall implements HttpCall {
  private final String method;
  private final String path;
  private final Map<String, List<String>> query = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, List<String>> form = new LinkedHashMap<>();

  private FakeHttpCall(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static FakeHttpCall get(String path) {
    return new FakeHttpCall("GET", path);
  }

  static FakeHttpCall post(String path) {
    return new FakeHttpCall("POST", path).header("Content-Type", "application/x-www-form-urlencoded");
  }

  FakeHttpCall query(String name, String value) {
    query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  FakeHttpCall header(String name, String value) {
    headers.put(name.toLowerCase(Locale.ROOT), value);
    return this;
  }

  FakeHttpCall form(String name, String value) {
    form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  @Override public String method() { return method; }
  @Override public String path() { return path; }
  @Override public String rawPath() { return path; }
  @Override public Map<String, List<String>> queryParameters() { return query; }
  @Override public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }
  @Override public List<String> headers(String name) {
    return header(name).map(List::of).orElse(List.of());
  }
  @Override public Optional<String> cookie(String name) { return Optional.empty(); }
  @Override public Map<String, List<String>> form() { return form; }
}
