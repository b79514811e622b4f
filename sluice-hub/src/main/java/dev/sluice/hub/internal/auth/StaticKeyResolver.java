package dev.sluice.hub.internal.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One configured key, pinned to one algorithm, with an optional key id. The algorithm is the
 * operator's choice, checked against the key when configured (an HMAC secret as long as the hash,
 * an EC key on the algorithm's curve), so a token can never pick how it is verified. Immutable.
 */
public final class StaticKeyResolver implements KeyResolver {
  /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash, 256 bits. */
  public static final int MIN_HMAC_BYTES = 32;
  /** Every algorithm a static key may be pinned to; never {@code none}. */
  public static final List<String> ALGORITHMS = List.of(
      "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "EdDSA");
  private static final Map<JWSAlgorithm, Curve> CURVES = Map.of(
      JWSAlgorithm.ES256, Curve.P_256, JWSAlgorithm.ES384, Curve.P_384, JWSAlgorithm.ES512, Curve.P_521);

  private final JWSAlgorithm algorithm;
  private final String keyId; // Null when the key has no id.
  private final JWSVerifier verifier;

  private StaticKeyResolver(JWSAlgorithm algorithm, String keyId, JWSVerifier verifier) {
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.verifier = verifier;
  }

  /**
   * A key for {@code algorithm} (one of {@link #ALGORITHMS}, case-insensitive): an HMAC secret's
   * bytes for {@code HS*}, else a public key PEM.
   */
  public static StaticKeyResolver of(String algorithm, byte[] secretOrPem, String keyId) {
    requireNonNull(secretOrPem, "key");
    JWSAlgorithm alg = algorithm(algorithm);
    if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
      return hmac(alg, secretOrPem, keyId);
    }
    String pem = new String(secretOrPem, java.nio.charset.StandardCharsets.UTF_8);
    if (JWSAlgorithm.Family.RSA.contains(alg)) {
      RSAPublicKey key = (RSAPublicKey) PemKeys.publicKey(pem, "RSA");
      return new StaticKeyResolver(alg, keyId, new RSASSAVerifier(key));
    }
    if (JWSAlgorithm.Family.EC.contains(alg)) {
      return ec(alg, pem, keyId);
    }
    return new StaticKeyResolver(alg, keyId, new Ed25519Verifier(PemKeys.publicKey(pem, "Ed25519")));
  }

  /** @throws IllegalArgumentException naming the allowed algorithms */
  public static JWSAlgorithm algorithm(String name) {
    requireNonNull(name, "algorithm");
    for (String a : ALGORITHMS) {
      if (a.toUpperCase(Locale.ROOT).equals(name.trim().toUpperCase(Locale.ROOT))) {
        return JWSAlgorithm.parse(a);
      }
    }
    throw new IllegalArgumentException("algorithm must be one of " + String.join(", ", ALGORITHMS) + ": " + name);
  }

  /** Bytes an HMAC key needs for {@code alg}: as long as the hash (RFC 7518 section 3.2). */
  public static int minHmacBytes(JWSAlgorithm alg) {
    return JWSAlgorithm.HS512.equals(alg) ? 64 : JWSAlgorithm.HS384.equals(alg) ? 48 : MIN_HMAC_BYTES;
  }

  public static StaticKeyResolver hs256(byte[] secret, String keyId) {
    return hmac(JWSAlgorithm.HS256, requireNonNull(secret, "secret"), keyId);
  }

  public static StaticKeyResolver rs256(String publicKeyPem, String keyId) {
    RSAPublicKey key = (RSAPublicKey) PemKeys.publicKey(publicKeyPem, "RSA");
    return new StaticKeyResolver(JWSAlgorithm.RS256, keyId, new RSASSAVerifier(key));
  }

  public static StaticKeyResolver es256(String publicKeyPem, String keyId) {
    return ec(JWSAlgorithm.ES256, publicKeyPem, keyId);
  }

  private static StaticKeyResolver hmac(JWSAlgorithm alg, byte[] secret, String keyId) {
    int min = minHmacBytes(alg);
    if (secret.length < min) {
      throw new IllegalArgumentException(
          alg + " secret is " + secret.length + " bytes; at least " + min + " needed");
    }
    try {
      return new StaticKeyResolver(alg, keyId, new MACVerifier(secret.clone()));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable " + alg + " secret", e);
    }
  }

  private static StaticKeyResolver ec(JWSAlgorithm alg, String pem, String keyId) {
    ECPublicKey key = (ECPublicKey) PemKeys.publicKey(pem, "EC");
    Curve curve = Curve.forECParameterSpec(key.getParams());
    if (!CURVES.get(alg).equals(curve)) {
      throw new IllegalArgumentException(alg + " needs a key on " + CURVES.get(alg) + ", not " + curve);
    }
    try {
      return new StaticKeyResolver(alg, keyId, new ECDSAVerifier(key));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable " + alg + " key", e);
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
