package dev.sluice.hub.internal.http;

import dev.sluice.server.Request;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A sluice-server {@link Request} seen as an {@link HttpCall}. */
final class ServerCall implements HttpCall {
  private final Request request;

  ServerCall(Request request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String path() {
    return request.path();
  }

  @Override
  public String rawPath() {
    String uri = request.uri();
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  @Override
  public Map<String, List<String>> queryParameters() {
    return request.queryParameters();
  }

  @Override
  public Optional<String> header(String name) {
    return request.header(name);
  }

  @Override
  public List<String> headers(String name) {
    return request.headers(name);
  }

  @Override
  public Optional<String> cookie(String name) {
    return request.cookie(name);
  }

  @Override
  public Map<String, List<String>> form() {
    return request.formParameters();
  }

  /** The request itself, for code that needs more than this view (e.g. authorization). */
  Request request() {
    return request;
  }
}
