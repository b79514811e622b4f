package dev.sluice.hub.internal.auth;

import com.nimbusds.jose.jwk.Curve;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM keys with the JDK alone (no BouncyCastle): {@code PUBLIC KEY} (SPKI),
 * {@code CERTIFICATE} and {@code PRIVATE KEY} (PKCS#8). The older {@code RSA PUBLIC KEY} /
 * {@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY} forms get a clear message saying how to convert.
 */
public final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  /** Sizes of RSA moduli below this are refused: RFC 7518 section 3.3 asks for 2048 bits. */
  public static final int MIN_RSA_BITS = 2048;

  private PemKeys() {}

  /** @param algorithm {@code "RSA"}, {@code "EC"} or {@code "Ed25519"} */
  public static PublicKey publicKey(String pem, String algorithm) {
    Block block = block(pem);
    try {
      PublicKey key;
      switch (block.label) {
        case "PUBLIC KEY" ->
            key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(block.der));
        case "CERTIFICATE" ->
            key = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(block.der)).getPublicKey();
        default -> throw unsupported(block.label, "PUBLIC KEY");
      }
      return checked(key, algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a valid " + algorithm + " public key PEM", e);
    }
  }

  /** @param algorithm {@code "RSA"}, {@code "EC"} or {@code "Ed25519"} */
  public static PrivateKey privateKey(String pem, String algorithm) {
    Block block = block(pem);
    if (!block.label.equals("PRIVATE KEY")) {
      throw unsupported(block.label, "PRIVATE KEY");
    }
    try {
      PrivateKey key =
          KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.der));
      return checked(key, algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a valid " + algorithm + " private key PEM", e);
    }
  }

  private static <K extends java.security.Key> K checked(K key, String algorithm) {
    // The JDK names Ed25519 keys "EdDSA"; the curve is then fixed by the key factory we asked.
    String expected = algorithm.equals("Ed25519") ? "EdDSA" : algorithm;
    if (!key.getAlgorithm().equals(expected)) {
      throw new IllegalArgumentException("expected an " + algorithm + " key, got " + key.getAlgorithm());
    }
    if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw new IllegalArgumentException(
          "RSA key is " + rsa.getModulus().bitLength() + " bits; at least " + MIN_RSA_BITS + " needed");
    }
    if (key instanceof ECKey ec && Curve.forECParameterSpec(ec.getParams()) == null) {
      throw new IllegalArgumentException("EC key is not on P-256, P-384 or P-521");
    }
    return key;
  }

  private static IllegalArgumentException unsupported(String label, String wanted) {
    return new IllegalArgumentException("PEM block '" + label + "' is not supported; want '"
        + wanted + "' (convert with: openssl pkcs8 -topk8 -nocrypt, or openssl pkey -pubout)");
  }

  private record Block(String label, byte[] der) {}

  private static Block block(String pem) {
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException("no PEM block found");
    }
    String body = m.group(2).replaceAll("\\s", "");
    try {
      return new Block(m.group(1), Base64.getDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM body is not valid base64", e);
    }
  }
}
