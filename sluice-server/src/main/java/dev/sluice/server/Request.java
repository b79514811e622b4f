package dev.sluice.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP request, fully received: what a handler needs to decide how to answer.
 *
 * <p>Instances are immutable and safe to use from any thread after the handler returns; the body is
 * a heap copy, so there is no buffer to release. Header names are case-insensitive.
 */
public interface Request {
  /** The method in upper case, e.g. {@code GET}. */
  String method();

  /** The decoded path without the query string, e.g. {@code /.well-known/mercure}. */
  String path();

  /** The request target as received, with the query string. */
  String uri();

  /** {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2}. */
  String protocol();

  /**
   * The first value of a query parameter.
   *
   * @throws HttpStatusException {@code 400}/{@code 413} for a malformed query (see {@link FormDecoder})
   */
  Optional<String> query(String name);

  /**
   * Every value of a query parameter, in order; empty if absent.
   *
   * @throws HttpStatusException {@code 400}/{@code 413} for a malformed query (see {@link FormDecoder})
   */
  List<String> queryAll(String name);

  /**
   * All query parameters, in order, repeated keys kept, decoded by {@link FormDecoder}.
   *
   * @throws HttpStatusException {@code 400} for invalid UTF-8, {@code 413} past
   *     {@link FormDecoder#DEFAULT_MAX_FIELDS} fields
   */
  Map<String, List<String>> queryParameters();

  /** The first value of a header. */
  Optional<String> header(String name);

  /** Every value of a header, in order; empty if absent. */
  List<String> headers(String name);

  /** The names of the headers present, lower case. */
  Set<String> headerNames();

  /** The value of a cookie from the {@code Cookie} header(s). */
  Optional<String> cookie(String name);

  /** The {@code Last-Event-ID} header a reconnecting {@code EventSource} sends. */
  default Optional<String> lastEventId() {
    return header("Last-Event-ID");
  }

  /** The body; an empty array if there was none. A fresh copy on every call. */
  byte[] body();

  /** The body decoded as UTF-8. */
  default String bodyAsString() {
    return new String(body(), StandardCharsets.UTF_8);
  }

  /**
   * The {@code application/x-www-form-urlencoded} body parameters, in order, repeated keys kept,
   * decoded by {@link FormDecoder}; empty if the body is not a form.
   *
   * @throws HttpStatusException {@code 400} for invalid UTF-8, {@code 413} past
   *     {@link FormDecoder#DEFAULT_MAX_FIELDS} fields
   */
  Map<String, List<String>> formParameters();

  /** The peer's address. */
  InetSocketAddress remoteAddress();
}
