package dev.sluice.hub.internal.http;

import dev.sluice.server.Request;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A request built by hand, for endpoint tests that need no socket. */
final class FakeRequest implements Request {
  private final String method;
  private final String path;
  private final Map<String, List<String>> query = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, List<String>> form = new LinkedHashMap<>();

  private FakeRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static FakeRequest get(String path) {
    return new FakeRequest("GET", path);
  }

  static FakeRequest post(String path) {
    return new FakeRequest("POST", path).header("Content-Type", "application/x-www-form-urlencoded");
  }

  FakeRequest query(String name, String value) {
    query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  FakeRequest header(String name, String value) {
    headers.put(name.toLowerCase(Locale.ROOT), value);
    return this;
  }

  FakeRequest form(String name, String value) {
    form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  @Override public String method() { return method; }
  @Override public String path() { return path; }
  @Override public String uri() { return path; }
  @Override public String protocol() { return "HTTP/1.1"; }
  @Override public Optional<String> query(String name) { return queryAll(name).stream().findFirst(); }
  @Override public List<String> queryAll(String name) { return query.getOrDefault(name, List.of()); }
  @Override public Map<String, List<String>> queryParameters() { return query; }
  @Override public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }
  @Override public List<String> headers(String name) {
    return header(name).map(List::of).orElse(List.of());
  }
  @Override public Set<String> headerNames() { return headers.keySet(); }
  @Override public Optional<String> cookie(String name) { return Optional.empty(); }
  @Override public byte[] body() { return new byte[0]; }
  @Override public Map<String, List<String>> formParameters() { return form; }
  @Override public InetSocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }
}
