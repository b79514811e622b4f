package dev.sluice.hub.internal.auth;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an HTTP request that can carry credentials, as plain strings, so that this package
 * needs no server. Header values are raw; query parameters are already percent-decoded.
 *
 * <pre>{@code
 * AuthRequest req = AuthRequest.builder()
 *     .authorizationHeaders(headers.getAll("Authorization"))
 *     .cookieHeaders(headers.getAll("Cookie"))
 *     .queryParameters(decoder.parameters())
 *     .origin(headers.get("Origin"))
 *     .referer(headers.get("Referer"))
 *     .build();
 * }</pre>
 */
public final class AuthRequest {
  private static final AuthRequest EMPTY = builder().build();

  private final List<String> authorizationHeaders;
  private final List<String> cookieHeaders;
  private final Map<String, List<String>> queryParameters;
  private final String origin; // Null when absent.
  private final String referer; // Null when absent.

  private AuthRequest(Builder b) {
    this.authorizationHeaders = List.copyOf(b.authorizationHeaders);
    this.cookieHeaders = List.copyOf(b.cookieHeaders);
    Map<String, List<String>> q = new LinkedHashMap<>();
    b.queryParameters.forEach((k, v) -> q.put(k, List.copyOf(v)));
    this.queryParameters = Map.copyOf(q);
    this.origin = b.origin;
    this.referer = b.referer;
  }

  /** A request with no credentials at all. */
  public static AuthRequest empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every {@code Authorization} header field value, in order. */
  public List<String> authorizationHeaders() {
    return authorizationHeaders;
  }

  /** Every {@code Cookie} header field value, in order (HTTP/2 may split cookies over several). */
  public List<String> cookieHeaders() {
    return cookieHeaders;
  }

  /** All values of one decoded query parameter; empty when absent. */
  public List<String> queryParameter(String name) {
    return queryParameters.getOrDefault(name, List.of());
  }

  public Optional<String> origin() {
    return Optional.ofNullable(origin);
  }

  public Optional<String> referer() {
    return Optional.ofNullable(referer);
  }

  public static final class Builder {
    private final List<String> authorizationHeaders = new ArrayList<>();
    private final List<String> cookieHeaders = new ArrayList<>();
    private final Map<String, List<String>> queryParameters = new LinkedHashMap<>();
    private String origin;
    private String referer;

    private Builder() {}

    public Builder authorizationHeaders(List<String> values) {
      authorizationHeaders.addAll(requireNonNull(values, "values"));
      return this;
    }

    public Builder authorizationHeader(String value) {
      authorizationHeaders.add(requireNonNull(value, "value"));
      return this;
    }

    /** Shorthand for {@code authorizationHeader("Bearer " + token)}. */
    public Builder bearer(String token) {
      return authorizationHeader("Bearer " + requireNonNull(token, "token"));
    }

    public Builder cookieHeaders(List<String> values) {
      cookieHeaders.addAll(requireNonNull(values, "values"));
      return this;
    }

    public Builder cookieHeader(String value) {
      cookieHeaders.add(requireNonNull(value, "value"));
      return this;
    }

    /** Adds decoded query parameters; only the token parameters are read. */
    public Builder queryParameters(Map<String, List<String>> parameters) {
      requireNonNull(parameters, "parameters")
          .forEach((k, v) -> queryParameters.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
      return this;
    }

    public Builder queryParameter(String name, String value) {
      queryParameters.computeIfAbsent(requireNonNull(name, "name"), x -> new ArrayList<>())
          .add(requireNonNull(value, "value"));
      return this;
    }

    /** @param origin the {@code Origin} header, or null */
    public Builder origin(String origin) {
      this.origin = origin;
      return this;
    }

    /** @param referer the {@code Referer} header, or null */
    public Builder referer(String referer) {
      this.referer = referer;
      return this;
    }

    public AuthRequest build() {
      return new AuthRequest(this);
    }
  }
}
