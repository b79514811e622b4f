package dev.sluice.hub.internal.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP request as the hub's endpoints read it. Header names are case-insensitive. */
public interface HttpCall {
  String method();

  /** The decoded path, without the query. */
  String path();

  /** The path as received (still percent-encoded), without the query. */
  String rawPath();

  /** Every query parameter, in order, repeated names kept. */
  Map<String, List<String>> queryParameters();

  default List<String> queryAll(String name) {
    return queryParameters().getOrDefault(name, List.of());
  }

  default Optional<String> query(String name) {
    return queryAll(name).stream().findFirst();
  }

  Optional<String> header(String name);

  /** Every value of a header, in order; empty when absent. */
  List<String> headers(String name);

  Optional<String> cookie(String name);

  /** The {@code application/x-www-form-urlencoded} body, in order; empty if not a form. */
  Map<String, List<String>> form();

  /** The {@code Content-Type} media type, lower case, without parameters; empty if none. */
  default String mediaType() {
    String type = header("Content-Type").orElse("");
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
  }
}
