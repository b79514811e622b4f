package dev.sluice.server.internal;

import dev.sluice.server.FormDecoder;
import dev.sluice.server.Request;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link Request} copied out of a Netty {@link FullHttpRequest}, so it owns no buffer and may
 * outlive the connection's event-loop turn. Query and form parameters are decoded on first use,
 * by {@link FormDecoder} (WHATWG rules, strict UTF-8, bounded field count): a malformed one throws
 * its {@code 400}/{@code 413} from the accessor, which the server answers without logging.
 */
final class NettyRequest implements Request {
  private static final byte[] EMPTY = new byte[0];

  private final String method;
  private final String uri;
  private final String path;
  private final String protocol;
  private final HttpHeaders headers; // Not reference-counted; safe to keep after the message is released.
  private final byte[] body;
  private final InetSocketAddress remoteAddress;
  private volatile Map<String, List<String>> query; // Lazily decoded; a racy duplicate decode is harmless.
  private volatile Map<String, List<String>> form;

  private NettyRequest(FullHttpRequest message, String path, String protocol, InetSocketAddress remoteAddress) {
    this.method = message.method().name();
    this.uri = message.uri();
    this.path = path;
    this.protocol = protocol;
    this.headers = message.headers();
    int length = message.content().readableBytes();
    this.body = length == 0 ? EMPTY : new byte[length];
    message.content().getBytes(message.content().readerIndex(), body);
    this.remoteAddress = remoteAddress;
  }

  /**
   * Copies {@code message}; the caller still owns (and releases) it.
   *
   * @throws IllegalArgumentException if the request target cannot be decoded
   */
  static NettyRequest copyOf(FullHttpRequest message, String protocol, InetSocketAddress remoteAddress) {
    String uri = message.uri();
    if (uri.isEmpty() || uri.charAt(0) != '/') throw new IllegalArgumentException("request target is not a path");
    String path = new QueryStringDecoder(uri, StandardCharsets.UTF_8).path();
    if (path.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL in path");
    return new NettyRequest(message, path, protocol, remoteAddress);
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Optional<String> query(String name) {
    List<String> values = queryParameters().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public List<String> queryAll(String name) {
    return queryParameters().getOrDefault(name, List.of());
  }

  @Override
  public Map<String, List<String>> queryParameters() {
    Map<String, List<String>> result = query;
    if (result == null) {
      int mark = uri.indexOf('?');
      int hash = uri.indexOf('#');
      String raw = mark < 0 ? "" : uri.substring(mark + 1, hash > mark ? hash : uri.length());
      result = raw.isEmpty() ? Map.of() : FormDecoder.decode(raw, FormDecoder.DEFAULT_MAX_FIELDS);
      query = result;
    }
    return result;
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  @Override
  public List<String> headers(String name) {
    return List.copyOf(headers.getAll(name));
  }

  @Override
  public Set<String> headerNames() {
    Set<String> names = new TreeSet<>();
    for (String name : headers.names()) names.add(name.toLowerCase(Locale.ROOT));
    return Collections.unmodifiableSet(names);
  }

  @Override
  public Optional<String> cookie(String name) {
    for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
      for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
        if (cookie.name().equals(name)) return Optional.of(cookie.value());
      }
    }
    return Optional.empty();
  }

  @Override
  public byte[] body() {
    return body.length == 0 ? EMPTY : body.clone();
  }

  @Override
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public Map<String, List<String>> formParameters() {
    Map<String, List<String>> result = form;
    if (result == null) {
      String type = headers.get(HttpHeaderNames.CONTENT_TYPE, "");
      if (!type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded") || body.length == 0) {
        result = Map.of();
      } else {
        result = FormDecoder.decode(body, FormDecoder.DEFAULT_MAX_FIELDS);
      }
      form = result;
    }
    return result;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public String toString() {
    return method + ' ' + uri + ' ' + protocol;
  }
}
