package dev.sluice.hub.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.hub.internal.auth.Ed25519Signer;
import dev.sluice.hub.internal.auth.PemKeys;
import dev.sluice.hub.internal.auth.StaticKeyResolver;
import com.nimbusds.jose.jwk.Curve;
import java.security.interfaces.ECPrivateKey;
import java.util.Map;

/**
 * Signs access tokens for the hub: development tokens, {@code sluice publish}, tests. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * String jwt = TokenMinter.hs256(secret).mint(TokenSpec.builder()
 *     .publish("https://example.com/books/{id}")
 *     .expiresAt(Instant.now().plus(Duration.ofHours(1)))
 *     .build());
 * }</pre>
 */
public final class TokenMinter {
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;
  private final String keyId; // Null: no kid header.

  private TokenMinter(JWSAlgorithm algorithm, JWSSigner signer, String keyId) {
    this.algorithm = algorithm;
    this.signer = signer;
    this.keyId = keyId;
  }

  public static TokenMinter hs256(String secret) {
    return hs256(requireNonNull(secret, "secret").getBytes(UTF_8), null);
  }

  /** @param keyId the {@code kid} header to set, or null */
  public static TokenMinter hs256(byte[] secret, String keyId) {
    requireNonNull(secret, "secret");
    if (secret.length < StaticKeyResolver.MIN_HMAC_BYTES) {
      throw new IllegalArgumentException("HS256 secret is " + secret.length + " bytes; at least "
          + StaticKeyResolver.MIN_HMAC_BYTES + " needed");
    }
    try {
      return new TokenMinter(JWSAlgorithm.HS256, new MACSigner(secret.clone()), keyId);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable HS256 secret", e);
    }
  }

  /** @param privateKeyPem a PKCS#8 {@code PRIVATE KEY} PEM; @param keyId the kid, or null */
  public static TokenMinter rs256(String privateKeyPem, String keyId) {
    requireNonNull(privateKeyPem, "privateKeyPem");
    return new TokenMinter(JWSAlgorithm.RS256,
        new RSASSASigner(PemKeys.privateKey(privateKeyPem, "RSA")), keyId);
  }

  /** @param privateKeyPem a PKCS#8 {@code PRIVATE KEY} PEM of a P-256 key; @param keyId the kid, or null */
  public static TokenMinter es256(String privateKeyPem, String keyId) {
    requireNonNull(privateKeyPem, "privateKeyPem");
    try {
      return new TokenMinter(JWSAlgorithm.ES256,
          new ECDSASigner((ECPrivateKey) PemKeys.privateKey(privateKeyPem, "EC")), keyId);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable ES256 key", e);
    }
  }

  /**
   * A minter for {@code algorithm} ({@code HS256|384|512} with a secret whose UTF-8 bytes are at
   * least as long as the hash; {@code RS256|384|512}, {@code ES256|384|512} or {@code EdDSA} with a
   * PKCS#8 {@code PRIVATE KEY} PEM).
   *
   * @param keyId the {@code kid} header to set, or null
   * @throws IllegalArgumentException for another algorithm or a key that does not fit it
   */
  public static TokenMinter of(String algorithm, String key, String keyId) {
    requireNonNull(key, "key");
    JWSAlgorithm alg = StaticKeyResolver.algorithm(algorithm);
    try {
      if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
        byte[] secret = key.getBytes(UTF_8);
        if (secret.length < StaticKeyResolver.minHmacBytes(alg)) {
          throw new IllegalArgumentException(alg + " secret is " + secret.length + " bytes; at least "
              + StaticKeyResolver.minHmacBytes(alg) + " needed");
        }
        return new TokenMinter(alg, new MACSigner(secret), keyId);
      }
      if (JWSAlgorithm.Family.RSA.contains(alg)) {
        return new TokenMinter(alg, new RSASSASigner(PemKeys.privateKey(key, "RSA")), keyId);
      }
      if (JWSAlgorithm.Family.EC.contains(alg)) {
        ECPrivateKey ec = (ECPrivateKey) PemKeys.privateKey(key, "EC");
        if (!alg.equals(ECDSA_ALGS.get(Curve.forECParameterSpec(ec.getParams())))) {
          throw new IllegalArgumentException(alg + " does not fit this EC key's curve");
        }
        return new TokenMinter(alg, new ECDSASigner(ec), keyId);
      }
      return new TokenMinter(alg, new Ed25519Signer(PemKeys.privateKey(key, "Ed25519")), keyId);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable " + alg + " key", e);
    }
  }

  private static final Map<com.nimbusds.jose.jwk.Curve, JWSAlgorithm> ECDSA_ALGS = Map.of(
      Curve.P_256, JWSAlgorithm.ES256,
      Curve.P_384, JWSAlgorithm.ES384,
      Curve.P_521, JWSAlgorithm.ES512);

  /** Signs a token for {@code spec}; the header's {@code typ} is {@code at+jwt}. */
  public String mint(TokenSpec spec) {
    requireNonNull(spec, "spec");
    JWSHeader header = new JWSHeader.Builder(algorithm)
        .type(new JOSEObjectType("at+jwt"))
        .keyID(keyId)
        .build();
    JWTClaimsSet claims;
    try {
      claims = JWTClaimsSet.parse(spec.claims());
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException("claims cannot be encoded: " + e.getMessage(), e);
    }
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
  }
}
