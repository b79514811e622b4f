package dev.sluice.hub.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.sluice.hub.internal.auth.CompositeKeyResolver;
import dev.sluice.hub.internal.auth.JwksKeyResolver;
import dev.sluice.hub.internal.auth.KeyResolver;
import dev.sluice.hub.internal.auth.KeySources;
import dev.sluice.hub.internal.auth.StaticKeyResolver;
import java.util.ArrayList;
import java.util.List;

/**
 * Where verification keys come from. Each key is pinned to one algorithm, so a token can never pick
 * how it is checked (no {@code alg: none}, no HS256 signed with an RSA public key).
 *
 * <pre>{@code
 * KeySource.hs256("a shared secret of at least 32 bytes....");
 * KeySource.rs256(Files.readString(Path.of("publisher.pub.pem")));
 * KeySource.anyOf(KeySource.es256(newPem, "2025-06"), KeySource.es256(oldPem, "2024-12"));
 * KeySource.jwks(JwksOptions.builder(URI.create("https://idp.example/jwks.json")).build());
 * }</pre>
 */
public final class KeySource {
  private final KeyResolver resolver;

  private KeySource(KeyResolver resolver) {
    this.resolver = resolver;
  }

  /** A shared secret, as its UTF-8 bytes (how most Mercure tools read a secret string). At least 32 bytes. */
  public static KeySource hs256(String secret) {
    return hs256(requireNonNull(secret, "secret").getBytes(UTF_8));
  }

  /** A shared secret of at least 32 bytes. The array is copied. */
  public static KeySource hs256(byte[] secret) {
    return new KeySource(StaticKeyResolver.hs256(secret, null));
  }

  /** @param keyId the {@code kid} this key answers to; tokens naming another kid skip it */
  public static KeySource hs256(byte[] secret, String keyId) {
    return new KeySource(StaticKeyResolver.hs256(secret, requireNonNull(keyId, "keyId")));
  }

  /** An RSA public key ({@code PUBLIC KEY} or {@code CERTIFICATE} PEM) of at least 2048 bits. */
  public static KeySource rs256(String publicKeyPem) {
    requireNonNull(publicKeyPem, "publicKeyPem");
    return new KeySource(StaticKeyResolver.rs256(publicKeyPem, null));
  }

  public static KeySource rs256(String publicKeyPem, String keyId) {
    requireNonNull(publicKeyPem, "publicKeyPem");
    return new KeySource(StaticKeyResolver.rs256(publicKeyPem, requireNonNull(keyId, "keyId")));
  }

  /** A P-256 public key ({@code PUBLIC KEY} or {@code CERTIFICATE} PEM). */
  public static KeySource es256(String publicKeyPem) {
    requireNonNull(publicKeyPem, "publicKeyPem");
    return new KeySource(StaticKeyResolver.es256(publicKeyPem, null));
  }

  public static KeySource es256(String publicKeyPem, String keyId) {
    requireNonNull(publicKeyPem, "publicKeyPem");
    return new KeySource(StaticKeyResolver.es256(publicKeyPem, requireNonNull(keyId, "keyId")));
  }

  /**
   * A key pinned to {@code algorithm}: {@code HS256}, {@code HS384}, {@code HS512} (then
   * {@code key} is the secret, its UTF-8 bytes at least as long as the hash), {@code RS256},
   * {@code RS384}, {@code RS512}, {@code ES256}, {@code ES384}, {@code ES512} or {@code EdDSA}
   * (Ed25519; then {@code key} is a {@code PUBLIC KEY} or {@code CERTIFICATE} PEM). The key must fit
   * the algorithm (an ES384 key on P-384, and so on).
   *
   * @throws IllegalArgumentException for another algorithm or a key that does not fit it
   */
  public static KeySource of(String algorithm, String key) {
    return new KeySource(StaticKeyResolver.of(algorithm, requireNonNull(key, "key").getBytes(UTF_8), null));
  }

  /** As {@link #of(String, String)}, answering only tokens whose {@code kid} is {@code keyId} (or absent). */
  public static KeySource of(String algorithm, String key, String keyId) {
    return new KeySource(StaticKeyResolver.of(algorithm, requireNonNull(key, "key").getBytes(UTF_8),
        requireNonNull(keyId, "keyId")));
  }

  /** Keys fetched from a JWK Set URL; verifying may then block on the network (the hub then checks publishers on a worker thread). */
  public static KeySource jwks(JwksOptions options) {
    return new KeySource(new JwksKeyResolver(requireNonNull(options, "options")));
  }

  /** Several sources; a token is accepted if any key fitting its {@code alg} and {@code kid} verifies it. */
  public static KeySource anyOf(KeySource... sources) {
    List<KeyResolver> parts = new ArrayList<>();
    for (KeySource s : sources) {
      parts.add(requireNonNull(s, "source").resolver);
    }
    return new KeySource(new CompositeKeyResolver(parts));
  }

  static {
    // The hub's verifier reads the resolver through KeySources; users never see its type.
    KeySources.grantAccess(source -> source.resolver);
  }

  @Override
  public String toString() {
    return "KeySource" + resolver.algorithms(); // Never the key material.
  }
}
