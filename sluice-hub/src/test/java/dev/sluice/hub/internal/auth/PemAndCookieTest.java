package dev.sluice.hub.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemAndCookieTest {
  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  @Test
  void refusesRsaKeysShorterThan2048Bits() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    String pem = pem("PUBLIC KEY", g.generateKeyPair().getPublic().getEncoded());
    assertThatThrownBy(() -> PemKeys.publicKey(pem, "RSA")).hasMessageContaining("at least 2048");
  }

  @Test
  void refusesAnEcKeyThatDoesNotFitItsAlgorithm() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    String pem = pem("PUBLIC KEY", g.generateKeyPair().getPublic().getEncoded());
    assertThatThrownBy(() -> StaticKeyResolver.of("ES256", pem.getBytes(java.nio.charset.StandardCharsets.UTF_8), null))
        .hasMessageContaining("P-256");
    assertThat(StaticKeyResolver.of("ES384", pem.getBytes(java.nio.charset.StandardCharsets.UTF_8), null)
        .algorithms()).hasSize(1);
  }

  @Test
  void explainsHowToConvertPkcs1Keys() {
    assertThatThrownBy(() -> PemKeys.publicKey(pem("RSA PUBLIC KEY", new byte[] {1, 2}), "RSA"))
        .hasMessageContaining("openssl");
    assertThatThrownBy(() -> PemKeys.publicKey("not a pem", "RSA")).hasMessageContaining("no PEM block");
  }

  @Test
  void refusesAKeyOfTheOtherFamily() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    String pem = pem("PUBLIC KEY", g.generateKeyPair().getPublic().getEncoded());
    assertThatThrownBy(() -> PemKeys.publicKey(pem, "RSA")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void findsTheFirstCookieOfTheNameAcrossHeaders() {
    assertThat(CookieHeader.find(List.of("a=1; b=2", "c=3; b=4"), "b")).contains("2");
    assertThat(CookieHeader.find(List.of("a=1;c=\"q\""), "c")).contains("q");
    assertThat(CookieHeader.find(List.of("ab=1; xb=2"), "b")).isEmpty();
    assertThat(CookieHeader.find(List.of("b"), "b")).isEmpty();
    assertThat(CookieHeader.find(List.of("b=a=b"), "b")).contains("a=b");
  }
}
