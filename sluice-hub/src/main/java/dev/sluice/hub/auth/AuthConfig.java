package dev.sluice.hub.auth;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the hub's authorization needs: keys per role, claim checks, token carriers, limits.
 * Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * AuthConfig config = AuthConfig.builder()
 *     .publisherKeys(KeySource.hs256(publisherSecret))
 *     .subscriberKeys(KeySource.jwks(JwksOptions.builder(URI.create("https://idp/jwks.json")).build()))
 *     .audience("https://hub.example.com/.well-known/mercure")
 *     .anonymousSubscribers(true)
 *     .build();
 * }</pre>
 */
public final class AuthConfig {
  public static final String DEFAULT_COOKIE_NAME = "mercureAuthorization";
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  /** Tokens longer than this are refused before any parsing. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 32 * 1024;
  /** Selectors per token, summed over all permissions (also caps {@code mercure} details). */
  public static final int DEFAULT_MAX_SELECTORS = 200;
  public static final int DEFAULT_MAX_PATTERN_LENGTH = 2048;

  private final KeySource publisherKeys;
  private final KeySource subscriberKeys; // Null: subscriber tokens cannot be verified.
  private final Set<String> audiences;
  private final Set<String> issuers;
  private final Clock clock;
  private final Duration clockSkew;
  private final boolean requireExpiration;
  private final boolean requireAccessTokenType;
  private final boolean anonymousSubscribers;
  private final boolean legacyClaims;
  private final boolean queryTokens;
  private final String cookieName;
  private final List<String> publishOrigins;
  private final String realm; // Null: no realm attribute.
  private final URI resourceMetadata; // Null: no resource_metadata attribute.
  private final int maxTokenLength;
  private final int maxSelectors;
  private final int maxPatternLength;

  private AuthConfig(Builder b) {
    this.publisherKeys = b.publisherKeys;
    this.subscriberKeys = b.subscriberKeys;
    this.audiences = Set.copyOf(b.audiences);
    this.issuers = Set.copyOf(b.issuers);
    this.clock = b.clock;
    this.clockSkew = b.clockSkew;
    this.requireExpiration = b.requireExpiration;
    this.requireAccessTokenType = b.requireAccessTokenType;
    this.anonymousSubscribers = b.anonymousSubscribers;
    this.legacyClaims = b.legacyClaims;
    this.queryTokens = b.queryTokens;
    this.cookieName = b.cookieName;
    this.publishOrigins = List.copyOf(b.publishOrigins);
    this.realm = b.realm;
    this.resourceMetadata = b.resourceMetadata;
    this.maxTokenLength = b.maxTokenLength;
    this.maxSelectors = b.maxSelectors;
    this.maxPatternLength = b.maxPatternLength;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    return new Builder(this);
  }

  public KeySource publisherKeys() {
    return publisherKeys;
  }

  public Optional<KeySource> subscriberKeys() {
    return Optional.ofNullable(subscriberKeys);
  }

  /** Accepted {@code aud} values; empty means tokens must carry no {@code aud} (RFC 7519 4.1.3). */
  public Set<String> audiences() {
    return audiences;
  }

  /** Accepted {@code iss} values; empty means {@code iss} is not checked. */
  public Set<String> issuers() {
    return issuers;
  }

  public Clock clock() {
    return clock;
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  public boolean requireExpiration() {
    return requireExpiration;
  }

  public boolean requireAccessTokenType() {
    return requireAccessTokenType;
  }

  public boolean anonymousSubscribers() {
    return anonymousSubscribers;
  }

  public boolean legacyClaims() {
    return legacyClaims;
  }

  public boolean queryTokens() {
    return queryTokens;
  }

  public String cookieName() {
    return cookieName;
  }

  public List<String> publishOrigins() {
    return publishOrigins;
  }

  public Optional<String> realm() {
    return Optional.ofNullable(realm);
  }

  public Optional<URI> resourceMetadata() {
    return Optional.ofNullable(resourceMetadata);
  }

  public int maxTokenLength() {
    return maxTokenLength;
  }

  public int maxSelectors() {
    return maxSelectors;
  }

  public int maxPatternLength() {
    return maxPatternLength;
  }

  public static final class Builder {
    private KeySource publisherKeys;
    private KeySource subscriberKeys;
    private Set<String> audiences = Set.of();
    private Set<String> issuers = Set.of();
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private boolean requireExpiration = true;
    private boolean requireAccessTokenType;
    private boolean anonymousSubscribers;
    private boolean legacyClaims = true;
    private boolean queryTokens = true;
    private String cookieName = DEFAULT_COOKIE_NAME;
    private List<String> publishOrigins = List.of();
    private String realm;
    private URI resourceMetadata;
    private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;
    private int maxSelectors = DEFAULT_MAX_SELECTORS;
    private int maxPatternLength = DEFAULT_MAX_PATTERN_LENGTH;

    private Builder() {}

    private Builder(AuthConfig c) {
      publisherKeys = c.publisherKeys;
      subscriberKeys = c.subscriberKeys;
      audiences = c.audiences;
      issuers = c.issuers;
      clock = c.clock;
      clockSkew = c.clockSkew;
      requireExpiration = c.requireExpiration;
      requireAccessTokenType = c.requireAccessTokenType;
      anonymousSubscribers = c.anonymousSubscribers;
      legacyClaims = c.legacyClaims;
      queryTokens = c.queryTokens;
      cookieName = c.cookieName;
      publishOrigins = c.publishOrigins;
      realm = c.realm;
      resourceMetadata = c.resourceMetadata;
      maxTokenLength = c.maxTokenLength;
      maxSelectors = c.maxSelectors;
      maxPatternLength = c.maxPatternLength;
    }

    /** One key source for both roles (the reference hub's {@code jwt_key}). */
    public Builder keys(KeySource keys) {
      publisherKeys(keys);
      return subscriberKeys(keys);
    }

    /** Keys that verify publishers' tokens. Required. */
    public Builder publisherKeys(KeySource keys) {
      this.publisherKeys = requireNonNull(keys, "keys");
      return this;
    }

    /** Keys that verify subscribers' tokens; the draft recommends keys apart from the publishers'. */
    public Builder subscriberKeys(KeySource keys) {
      this.subscriberKeys = requireNonNull(keys, "keys");
      return this;
    }

    /** The hub's resource identifier(s); a token's {@code aud} must contain one of them. */
    public Builder audience(String... audiences) {
      this.audiences = Set.of(audiences);
      return this;
    }

    /** Trusted issuers; a token's {@code iss} must be one of them. */
    public Builder issuer(String... issuers) {
      this.issuers = Set.of(issuers);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Leeway for {@code exp} and {@code nbf}; at most five minutes. */
    public Builder clockSkew(Duration skew) {
      requireNonNull(skew, "skew");
      if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException("clockSkew not in [0, 5m]: " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /** Refuse tokens without {@code exp} (the draft's rule). Default true. */
    public Builder requireExpiration(boolean require) {
      this.requireExpiration = require;
      return this;
    }

    /**
     * Refuse tokens whose header {@code typ} is not {@code at+jwt} (RFC 9068, the draft's rule).
     * Default false, so tokens minted for earlier drafts ({@code typ: JWT} or none) keep working;
     * other {@code typ} values are always refused.
     */
    public Builder requireAccessTokenType(boolean require) {
      this.requireAccessTokenType = require;
      return this;
    }

    /** Let subscribers without a token in; they only see public updates. Default false. */
    public Builder anonymousSubscribers(boolean allow) {
      this.anonymousSubscribers = allow;
      return this;
    }

    /** Honour the earlier drafts' {@code mercure} claim when a token has no {@code authorization_details}. Default true. */
    public Builder legacyClaims(boolean accept) {
      this.legacyClaims = accept;
      return this;
    }

    /** Accept tokens in the {@code access_token} (and earlier {@code authorization}) query parameter. Default true. */
    public Builder queryTokens(boolean accept) {
      this.queryTokens = accept;
      return this;
    }

    /** The cookie carrying the token. The current draft recommends {@code mercureAccessToken}. */
    public Builder cookieName(String name) {
      requireNonNull(name, "name");
      if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
        throw new IllegalArgumentException("not a cookie name: " + name);
      }
      this.cookieName = name;
      return this;
    }

    /**
     * Origins ({@code scheme://host[:port]}) allowed to publish with a cookie; {@code *} allows all.
     * Empty (the default) refuses cookie-authenticated publishing, which protects against CSRF.
     */
    public Builder publishOrigins(List<String> origins) {
      requireNonNull(origins, "origins");
      this.publishOrigins = List.copyOf(origins);
      return this;
    }

    /** The {@code realm} attribute of challenges. */
    public Builder realm(String realm) {
      requireNonNull(realm, "realm");
      if (!realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
        throw new IllegalArgumentException("realm must be printable ASCII without quotes or backslashes");
      }
      this.realm = realm;
      return this;
    }

    /** The RFC 9728 protected resource metadata URL, sent as {@code resource_metadata}. */
    public Builder resourceMetadata(URI uri) {
      requireNonNull(uri, "uri");
      if (!uri.isAbsolute() || uri.toString().indexOf('"') >= 0) {
        throw new IllegalArgumentException("resource metadata must be an absolute URL: " + uri);
      }
      this.resourceMetadata = uri;
      return this;
    }

    public Builder maxTokenLength(int chars) {
      this.maxTokenLength = atLeast(chars, 64, "maxTokenLength");
      return this;
    }

    public Builder maxSelectors(int count) {
      this.maxSelectors = atLeast(count, 1, "maxSelectors");
      return this;
    }

    public Builder maxPatternLength(int chars) {
      this.maxPatternLength = atLeast(chars, 1, "maxPatternLength");
      return this;
    }

    public AuthConfig build() {
      if (publisherKeys == null) {
        throw new IllegalStateException("publisherKeys (or keys) is required");
      }
      return new AuthConfig(this);
    }

    private static int atLeast(int value, int min, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " < " + min + ": " + value);
      }
      return value;
    }
  }
}
