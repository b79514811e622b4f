package dev.sluice.hub.auth;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A throw-away HS256 key and two ready Mercure 1.0 tokens for {@code ./sluice serve}: a publisher
 * token (publish {@code *}) and a subscriber token (read every private update, {@code *}), issued
 * by {@value #ISSUER} for the given audience (the hub's resource identifier). Both roles share the
 * one secret, which is fine on a developer's machine and nowhere else. Immutable.
 *
 * <pre>{@code
 * DevelopmentKeys dev = DevelopmentKeys.builder().audience(hubUrl).build();   // fresh random secret
 * AuthConfig config = AuthConfig.builder().trustedIssuer(dev.trustedIssuer()).audience(hubUrl).build();
 * System.out.println("publisher JWT:  " + dev.publisherToken());
 * }</pre>
 */
public final class DevelopmentKeys {
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);
  /** The {@code iss} of development tokens; the hub trusts it only with the development key. */
  public static final String ISSUER = "urn:sluice:development";

  private final String secret;
  private final String publisherToken;
  private final String subscriberToken;
  private final Instant expiresAt;

  private DevelopmentKeys(Builder b) {
    this.secret = b.secret != null ? b.secret : randomSecret();
    Instant now = b.clock.instant();
    this.expiresAt = now.plus(b.lifetime);
    TokenMinter minter = TokenMinter.hs256(secret);
    this.publisherToken = minter.mint(spec(b, now).subject("sluice-dev-publisher")
        .clientId("sluice-dev-publisher").publish("*").build());
    this.subscriberToken = minter.mint(spec(b, now).subject("sluice-dev-subscriber")
        .clientId("sluice-dev-subscriber").subscribe("*").build());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The secret as text; its UTF-8 bytes are the HS256 key (as Mercure tools expect). */
  public String secret() {
    return secret;
  }

  public KeySource keySource() {
    return KeySource.hs256(secret);
  }

  /** The development issuer, {@value #ISSUER}, with {@link #keySource()}. */
  public TrustedIssuer trustedIssuer() {
    return TrustedIssuer.of(ISSUER, keySource());
  }

  /** A token allowed to publish on every topic. */
  public String publisherToken() {
    return publisherToken;
  }

  /** A token allowed to read every private update. */
  public String subscriberToken() {
    return subscriberToken;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "DevelopmentKeys{expiresAt=" + expiresAt + "}"; // Never the secret.
  }

  private TokenSpec.Builder spec(Builder b, Instant now) {
    TokenSpec.Builder s = TokenSpec.builder().issuer(ISSUER).issuedAt(now).expiresAt(expiresAt)
        .jwtId("urn:uuid:" + java.util.UUID.randomUUID());
    if (b.audience != null) {
      s.audience(b.audience);
    }
    return s;
  }

  /** 32 random bytes as base64url: 43 characters, so 43 key bytes, above the 32-byte minimum. */
  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static final class Builder {
    private String secret;
    private Clock clock = Clock.systemUTC();
    private Duration lifetime = DEFAULT_LIFETIME;
    private String audience;

    private Builder() {}

    /** Use this secret (at least 32 UTF-8 bytes) instead of a random one, e.g. from {@code SLUICE_JWT_SECRET}. */
    public Builder secret(String secret) {
      this.secret = requireNonNull(secret, "secret");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public Builder lifetime(Duration lifetime) {
      requireNonNull(lifetime, "lifetime");
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("lifetime <= 0: " + lifetime);
      }
      this.lifetime = lifetime;
      return this;
    }

    /** Put this {@code aud} in the tokens: the hub's resource identifier, which a 1.0 hub checks. */
    public Builder audience(String audience) {
      this.audience = requireNonNull(audience, "audience");
      return this;
    }

    /** @throws IllegalArgumentException if a given secret is shorter than 32 bytes */
    public DevelopmentKeys build() {
      return new DevelopmentKeys(this);
    }
  }
}
