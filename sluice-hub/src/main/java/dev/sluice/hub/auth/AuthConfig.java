package dev.sluice.hub.auth;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Everything the hub's authorization needs: the trusted issuers and their keys, the resource
 * identifier tokens must name in {@code aud}, the token cookie, limits. Immutable; build with
 * {@link #builder()}.
 *
 * <p>By default the hub is a strict Mercure 1.0 resource server: tokens must be {@code at+jwt},
 * carry {@code exp}, name the hub in {@code aud} and come from a {@link TrustedIssuer} (each
 * verified with its own issuer's keys only); only {@code authorization_details} grant rights; the
 * token travels in the {@code Authorization} header or the cookie. With
 * {@link Builder#protocolVersionCompatibility(int) protocolVersionCompatibility(8)} the hub also
 * accepts what pre-1.0 Mercure clients send: the {@code mercure} claim, tokens without
 * {@code typ}/{@code exp}/{@code aud}/{@code iss} (still checked when present), the
 * {@code authorization} query parameter and the {@code mercureAuthorization} cookie.
 *
 * <pre>{@code
 * AuthConfig config = AuthConfig.builder()
 *     .keys(KeySource.hs256(secret))
 *     .issuer("https://app.example.com")        // binds the keys above to this iss
 *     .audience("https://hub.example.com/.well-known/mercure")
 *     .anonymousSubscribers(true)
 *     .build();
 * // Several issuers, each with its own keys:
 * AuthConfig.builder()
 *     .trustedIssuer(TrustedIssuer.of("https://app.example.com", KeySource.hs256(secret)))
 *     .trustedIssuer(TrustedIssuer.of("https://idp.example.com", KeySource.jwks(options)))
 *     .build();
 * }</pre>
 */
public final class AuthConfig {
  /** The cookie name Mercure 1.0 recommends. */
  public static final String DEFAULT_COOKIE_NAME = "__Secure-mercure_access_token";
  /** The pre-1.0 cookie, read as a fallback in compatibility mode 8. */
  public static final String LEGACY_COOKIE_NAME = "mercureAuthorization";
  /** The only pre-1.0 protocol version the hub can be compatible with. */
  public static final int SUPPORTED_COMPATIBILITY = 8;
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  /** Tokens longer than this are refused before any parsing. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 32 * 1024;
  /** Topic matchers per token, summed over all its Mercure details (also caps the number of details). */
  public static final int DEFAULT_MAX_SELECTORS = 100;
  /** Characters per topic matcher in a token. */
  public static final int DEFAULT_MAX_PATTERN_LENGTH = 4096;

  private final KeySource publisherKeys; // Null: only trusted issuers' keys.
  private final KeySource subscriberKeys; // Null: subscriber tokens need a trusted issuer's keys.
  private final Set<String> audiences;
  private final List<TrustedIssuer> trustedIssuers;
  private final OptionalInt protocolVersionCompatibility;
  private final Clock clock;
  private final Duration clockSkew;
  private final boolean anonymousSubscribers;
  private final String cookieName;
  private final List<String> publishOrigins;
  private final String realm; // Null: no realm attribute.
  private final URI resourceMetadata; // Null: no resource_metadata attribute.
  private final int maxTokenLength;
  private final int maxSelectors;
  private final int maxPatternLength;

  private AuthConfig(Builder b) {
    // Keys bound to an issuer are that issuer's only; unbound keys serve compatibility mode.
    this.publisherKeys = b.keyIssuers.isEmpty() ? b.publisherKeys : null;
    this.subscriberKeys = b.keyIssuers.isEmpty() ? b.subscriberKeys : null;
    this.audiences = Set.copyOf(b.audiences);
    this.trustedIssuers = List.copyOf(b.trustedIssuers());
    this.protocolVersionCompatibility = b.protocolVersionCompatibility;
    this.clock = b.clock;
    this.clockSkew = b.clockSkew;
    this.anonymousSubscribers = b.anonymousSubscribers;
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

  /**
   * Publisher keys bound to no issuer: used only in compatibility mode, for tokens without a
   * (known) {@code iss}. Keys given together with {@link Builder#issuer} are in
   * {@link #trustedIssuers()} instead.
   */
  public Optional<KeySource> publisherKeys() {
    return Optional.ofNullable(publisherKeys);
  }

  /** Subscriber keys bound to no issuer; see {@link #publisherKeys()}. */
  public Optional<KeySource> subscriberKeys() {
    return Optional.ofNullable(subscriberKeys);
  }

  /**
   * The hub's resource identifiers: a token's {@code aud} must contain one. Empty means the hub
   * fills in its own URL when it starts ({@code Hub} does).
   */
  public Set<String> audiences() {
    return audiences;
  }

  /** The issuers whose tokens the hub accepts, each with its own keys. */
  public List<TrustedIssuer> trustedIssuers() {
    return trustedIssuers;
  }

  /** The ids of {@link #trustedIssuers()}, in order; unmodifiable. */
  public Set<String> issuers() {
    Set<String> ids = new java.util.LinkedHashSet<>();
    trustedIssuers.forEach(i -> ids.add(i.id()));
    return java.util.Collections.unmodifiableSet(ids);
  }

  /** {@code 8} when pre-1.0 tokens and presentations are accepted too; empty for strict 1.0. */
  public OptionalInt protocolVersionCompatibility() {
    return protocolVersionCompatibility;
  }

  /** Whether compatibility mode 8 is on (see the class comment). */
  public boolean compatibilityMode() {
    return protocolVersionCompatibility.isPresent();
  }

  public Clock clock() {
    return clock;
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  public boolean anonymousSubscribers() {
    return anonymousSubscribers;
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
    private List<String> keyIssuers = List.of(); // Ids the role keys above are bound to.
    private final Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
    private OptionalInt protocolVersionCompatibility = OptionalInt.empty();
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private boolean anonymousSubscribers;
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
      c.trustedIssuers.forEach(i -> issuers.put(i.id(), i));
      protocolVersionCompatibility = c.protocolVersionCompatibility;
      clock = c.clock;
      clockSkew = c.clockSkew;
      anonymousSubscribers = c.anonymousSubscribers;
      cookieName = c.cookieName;
      publishOrigins = c.publishOrigins;
      realm = c.realm;
      resourceMetadata = c.resourceMetadata;
      maxTokenLength = c.maxTokenLength;
      maxSelectors = c.maxSelectors;
      maxPatternLength = c.maxPatternLength;
    }

    /**
     * One key source for both roles (the reference hub's {@code jwt_key}). Bound to the issuer(s)
     * named with {@link #issuer}; without one, usable only in compatibility mode.
     */
    public Builder keys(KeySource keys) {
      publisherKeys(keys);
      return subscriberKeys(keys);
    }

    /** Keys that verify publishers' tokens. Required. */
    public Builder publisherKeys(KeySource keys) {
      this.publisherKeys = requireNonNull(keys, "keys");
      return this;
    }

    /** Keys that verify subscribers' tokens; the spec recommends keys apart from the publishers'. */
    public Builder subscriberKeys(KeySource keys) {
      this.subscriberKeys = requireNonNull(keys, "keys");
      return this;
    }

    /**
     * The hub's resource identifier(s); a token's {@code aud} must contain one of them. Default:
     * the hub's public URL ({@code .../.well-known/mercure}).
     */
    public Builder audience(String... audiences) {
      for (String a : audiences) {
        if (requireNonNull(a, "audience").isEmpty()) {
          throw new IllegalArgumentException("audience is empty");
        }
      }
      this.audiences = Set.of(audiences);
      return this;
    }

    /**
     * The issuer id(s) that the keys given with {@link #keys}, {@link #publisherKeys} and
     * {@link #subscriberKeys} belong to: each becomes a {@link TrustedIssuer} with those keys.
     */
    public Builder issuer(String... ids) {
      for (String id : ids) {
        if (requireNonNull(id, "issuer").isEmpty()) {
          throw new IllegalArgumentException("issuer id is empty");
        }
      }
      this.keyIssuers = List.of(ids);
      return this;
    }

    /** Trusts one more issuer with its own keys; a second issuer with the same id replaces the first. */
    public Builder trustedIssuer(TrustedIssuer issuer) {
      issuers.put(requireNonNull(issuer, "issuer").id(), issuer);
      return this;
    }

    /**
     * Accept pre-1.0 tokens and presentations as well (only {@code 8}, the last draft before 1.0;
     * the reference hub's {@code protocol_version_compatibility}). See the class comment.
     */
    public Builder protocolVersionCompatibility(int version) {
      if (version != SUPPORTED_COMPATIBILITY) {
        throw new IllegalArgumentException(
            "protocol version compatibility must be " + SUPPORTED_COMPATIBILITY + ": " + version);
      }
      this.protocolVersionCompatibility = OptionalInt.of(version);
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

    /** Let subscribers without a token in; they only see public updates. Default false. */
    public Builder anonymousSubscribers(boolean allow) {
      this.anonymousSubscribers = allow;
      return this;
    }

    /** The cookie carrying the token. Default {@value #DEFAULT_COOKIE_NAME}, as Mercure 1.0 recommends. */
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
      if (publisherKeys == null && subscriberKeys == null && issuers.isEmpty()) {
        throw new IllegalStateException("no keys: give keys (with an issuer) or a trusted issuer");
      }
      if (!keyIssuers.isEmpty() && publisherKeys == null && subscriberKeys == null) {
        throw new IllegalStateException("issuer " + keyIssuers.get(0) + " has no keys");
      }
      return new AuthConfig(this);
    }

    /** The explicit trusted issuers plus those {@link #issuer} binds the role keys to. */
    private List<TrustedIssuer> trustedIssuers() {
      Map<String, TrustedIssuer> all = new LinkedHashMap<>(issuers);
      for (String id : keyIssuers) {
        all.putIfAbsent(id, TrustedIssuer.of(id, publisherKeys, subscriberKeys));
      }
      return new ArrayList<>(all.values());
    }

    private static int atLeast(int value, int min, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " < " + min + ": " + value);
      }
      return value;
    }
  }
}
