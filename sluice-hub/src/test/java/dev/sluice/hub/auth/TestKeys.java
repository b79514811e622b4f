package dev.sluice.hub.auth;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Key pairs and their PEM text, generated once per test run. */
final class TestKeys {
  static final String SECRET = "a-test-secret-that-is-at-least-32-bytes-long";
  /** The trusted issuer of the tests' tokens, and the hub's resource identifier they name. */
  static final String ISSUER = "https://issuer.test";
  static final String AUDIENCE = "https://hub.test/.well-known/mercure";
  static final String OTHER_SECRET = "another-secret-that-is-at-least-32-bytes-long";
  static final KeyPair RSA = rsa();
  static final KeyPair RSA_OTHER = rsa();
  static final KeyPair EC = ec();
  static final KeyPair EC_OTHER = ec();

  private TestKeys() {}

  /** A 1.0 token spec: issued by {@link #ISSUER} for {@link #AUDIENCE}. */
  static TokenSpec.Builder spec() {
    return TokenSpec.builder().issuer(ISSUER).audience(AUDIENCE);
  }

  /** A strict 1.0 configuration trusting {@link #ISSUER} with {@code keys}. */
  static AuthConfig.Builder strict(KeySource keys) {
    return AuthConfig.builder().keys(keys).issuer(ISSUER).audience(AUDIENCE);
  }

  static String publicPem(KeyPair pair) {
    return pem("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  static String privatePem(KeyPair pair) {
    return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
