package dev.sluice.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which cross-origin callers may use the server, applied to every route: answers preflight
 * {@code OPTIONS} requests and adds {@code Access-Control-*} headers to allowed requests.
 *
 * <p>Immutable. A request whose {@code Origin} is not allowed is served without CORS headers (the
 * browser then hides the answer from the page); a preflight from it gets {@code 403}.
 *
 * <pre>{@code
 * CorsConfig.builder()
 *     .allowOrigin("https://app.example")
 *     .allowCredentials(true)
 *     .exposeHeader("Mercure-Last-Event-ID")
 *     .build();
 * }</pre>
 */
public final class CorsConfig {
  /** Allowed methods when none are given. */
  public static final List<String> DEFAULT_METHODS = List.of("GET", "POST", "HEAD", "OPTIONS");
  /** Allowed request headers when none are given. */
  public static final List<String> DEFAULT_HEADERS =
      List.of("Content-Type", "Authorization", "Last-Event-ID", "Cache-Control");
  /** How long browsers may cache a preflight answer when not set. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  private final List<String> allowedOrigins; // "*" alone means any.
  private final boolean allowCredentials;
  private final List<String> allowedMethods;
  private final List<String> allowedHeaders;
  private final List<String> exposedHeaders;
  private final Duration maxAge;

  private CorsConfig(Builder builder) {
    this.allowedOrigins = List.copyOf(builder.allowedOrigins);
    this.allowCredentials = builder.allowCredentials;
    this.allowedMethods = builder.allowedMethods.isEmpty() ? DEFAULT_METHODS : List.copyOf(builder.allowedMethods);
    this.allowedHeaders = builder.allowedHeaders.isEmpty() ? DEFAULT_HEADERS : List.copyOf(builder.allowedHeaders);
    this.exposedHeaders = List.copyOf(builder.exposedHeaders);
    this.maxAge = builder.maxAge;
  }

  /** Any origin, no credentials. */
  public static CorsConfig anyOrigin() {
    return builder().allowOrigin("*").build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this configuration, to make a modified copy. */
  public Builder newBuilder() {
    Builder builder = new Builder();
    builder.allowedOrigins.addAll(allowedOrigins);
    builder.allowCredentials = allowCredentials;
    builder.allowedMethods.addAll(allowedMethods);
    builder.allowedHeaders.addAll(allowedHeaders);
    builder.exposedHeaders.addAll(exposedHeaders);
    builder.maxAge = maxAge;
    return builder;
  }

  /**
   * The {@code Access-Control-Allow-Origin} for a request from {@code origin}: the origin itself
   * when it is listed, else {@code *} when any origin is allowed, else empty.
   *
   * <p>An unlisted origin is never echoed: echoing any origin together with
   * {@code Access-Control-Allow-Credentials} would let every web site read answers made with the
   * visitor's cookies. Under {@code *} browsers send no credentials, and {@link #credentialsFor}
   * says so.
   */
  public Optional<String> allowedOriginFor(String origin) {
    if (origin != null && allowedOrigins.contains(origin)) return Optional.of(origin);
    if (allowedOrigins.contains("*")) return Optional.of("*");
    return Optional.empty();
  }

  /**
   * Whether to send {@code Access-Control-Allow-Credentials: true} with {@code allowedOrigin} (as
   * {@link #allowedOriginFor} answered): only for a listed origin, never with {@code *}.
   */
  public boolean credentialsFor(String allowedOrigin) {
    return allowCredentials && !"*".equals(allowedOrigin);
  }

  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  public boolean allowCredentials() {
    return allowCredentials;
  }

  public List<String> allowedMethods() {
    return allowedMethods;
  }

  public List<String> allowedHeaders() {
    return allowedHeaders;
  }

  public List<String> exposedHeaders() {
    return exposedHeaders;
  }

  public Duration maxAge() {
    return maxAge;
  }

  /** Builds {@link CorsConfig}s. Not thread-safe. */
  public static final class Builder {
    private final List<String> allowedOrigins = new ArrayList<>();
    private boolean allowCredentials;
    private final List<String> allowedMethods = new ArrayList<>();
    private final List<String> allowedHeaders = new ArrayList<>();
    private final List<String> exposedHeaders = new ArrayList<>();
    private Duration maxAge = DEFAULT_MAX_AGE;

    private Builder() {}

    /** Allows an origin such as {@code https://app.example}, or {@code *} for any. */
    public Builder allowOrigin(String origin) {
      allowedOrigins.add(Objects.requireNonNull(origin, "origin"));
      return this;
    }

    /**
     * Lets browsers send cookies (and read the answers made with them) from the listed origins.
     * Origins allowed only through {@code *} get {@code *} and no credentials: an arbitrary origin
     * is never echoed with credentials.
     */
    public Builder allowCredentials(boolean allow) {
      this.allowCredentials = allow;
      return this;
    }

    public Builder allowMethod(String method) {
      allowedMethods.add(Objects.requireNonNull(method, "method"));
      return this;
    }

    public Builder allowHeader(String header) {
      allowedHeaders.add(Objects.requireNonNull(header, "header"));
      return this;
    }

    /** Lets page scripts read a response header, e.g. {@code Mercure-Last-Event-ID}. */
    public Builder exposeHeader(String header) {
      exposedHeaders.add(Objects.requireNonNull(header, "header"));
      return this;
    }

    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative()) throw new IllegalArgumentException("maxAge < 0: " + maxAge);
      this.maxAge = maxAge;
      return this;
    }

    public CorsConfig build() {
      if (allowedOrigins.isEmpty()) throw new IllegalStateException("no allowed origin given");
      return new CorsConfig(this);
    }
  }
}
