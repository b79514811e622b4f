package dev.sluice.hub.auth;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One issuer the hub trusts and the keys that belong to it (Mercure 1.0, "Token Validation"): a
 * token whose {@code iss} equals {@link #id()} is verified with these keys and no others, so a
 * token signed by one issuer can never pass under another's name. The id is compared exactly.
 *
 * <pre>{@code
 * TrustedIssuer.of("https://app.example.com", KeySource.hs256(secret));
 * TrustedIssuer.of("https://idp.example.com",
 *     KeySource.jwks(JwksOptions.builder(URI.create("https://idp.example.com/jwks.json")).build()));
 * TrustedIssuer.of("https://app.example.com", publisherKeys, subscriberKeys);
 * }</pre>
 */
public final class TrustedIssuer {
  private final String id;
  private final KeySource publisherKeys; // Null: this issuer's tokens cannot publish.
  private final KeySource subscriberKeys; // Null: this issuer's tokens cannot subscribe.

  private TrustedIssuer(String id, KeySource publisherKeys, KeySource subscriberKeys) {
    requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("issuer id is empty");
    }
    if (publisherKeys == null && subscriberKeys == null) {
      throw new IllegalArgumentException("issuer " + id + " has no keys");
    }
    this.id = id;
    this.publisherKeys = publisherKeys;
    this.subscriberKeys = subscriberKeys;
  }

  /** An issuer whose keys verify both publishers' and subscribers' tokens. */
  public static TrustedIssuer of(String id, KeySource keys) {
    requireNonNull(keys, "keys");
    return new TrustedIssuer(id, keys, keys);
  }

  /**
   * An issuer with a key per role (the spec's SHOULD); either may be null when the issuer mints
   * tokens for one role only.
   */
  public static TrustedIssuer of(String id, KeySource publisherKeys, KeySource subscriberKeys) {
    return new TrustedIssuer(id, publisherKeys, subscriberKeys);
  }

  /** The exact {@code iss} value of this issuer's tokens. */
  public String id() {
    return id;
  }

  public Optional<KeySource> publisherKeys() {
    return Optional.ofNullable(publisherKeys);
  }

  public Optional<KeySource> subscriberKeys() {
    return Optional.ofNullable(subscriberKeys);
  }

  @Override
  public String toString() {
    return "TrustedIssuer{" + id + "}"; // Never the keys.
  }
}
