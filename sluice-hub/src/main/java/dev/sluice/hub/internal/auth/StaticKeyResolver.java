package dev.sluice.hub.internal.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** One configured key, pinned to one algorithm, with an optional key id. Immutable. */
public final class StaticKeyResolver implements KeyResolver {
  /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash, 256 bits. */
  public static final int MIN_HMAC_BYTES = 32;

  private final JWSAlgorithm algorithm;
  private final String keyId; // Null when the key has no id.
  private final JWSVerifier verifier;

  private StaticKeyResolver(JWSAlgorithm algorithm, String keyId, JWSVerifier verifier) {
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.verifier = verifier;
  }

  public static StaticKeyResolver hs256(byte[] secret, String keyId) {
    requireNonNull(secret, "secret");
    if (secret.length < MIN_HMAC_BYTES) {
      throw new IllegalArgumentException(
          "HS256 secret is " + secret.length + " bytes; at least " + MIN_HMAC_BYTES + " needed");
    }
    try {
      return new StaticKeyResolver(JWSAlgorithm.HS256, keyId, new MACVerifier(secret.clone()));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable HS256 secret", e);
    }
  }

  public static StaticKeyResolver rs256(String publicKeyPem, String keyId) {
    RSAPublicKey key = (RSAPublicKey) PemKeys.publicKey(publicKeyPem, "RSA");
    return new StaticKeyResolver(JWSAlgorithm.RS256, keyId, new RSASSAVerifier(key));
  }

  public static StaticKeyResolver es256(String publicKeyPem, String keyId) {
    ECPublicKey key = (ECPublicKey) PemKeys.publicKey(publicKeyPem, "EC");
    try {
      return new StaticKeyResolver(JWSAlgorithm.ES256, keyId, new ECDSAVerifier(key));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable ES256 key", e);
    }
  }

  @Override
  public Set<JWSAlgorithm> algorithms() {
    return Set.of(algorithm);
  }

  @Override
  public List<JWSVerifier> verifiersFor(JWSHeader header) {
    if (!algorithm.equals(header.getAlgorithm())) {
      return List.of();
    }
    // A token naming a kid only reaches the key with that id; a key without an id accepts any.
    String kid = header.getKeyID();
    if (kid != null && keyId != null && !Objects.equals(kid, keyId)) {
      return List.of();
    }
    return List.of(verifier);
  }

  @Override
  public boolean mayBlock() {
    return false;
  }
}
