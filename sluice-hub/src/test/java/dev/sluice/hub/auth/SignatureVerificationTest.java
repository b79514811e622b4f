package dev.sluice.hub.auth;

import dev.sluice.server.testing.FakeClock;
import dev.sluice.hub.internal.auth.AuthRequest;
import dev.sluice.hub.internal.auth.AuthorizationException;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.Grant;
import dev.sluice.hub.internal.selector.Selector;
import dev.sluice.hub.internal.selector.SelectorMatcher;
import static dev.sluice.hub.auth.TestKeys.EC;
import static dev.sluice.hub.auth.TestKeys.EC_OTHER;
import static dev.sluice.hub.auth.TestKeys.RSA;
import static dev.sluice.hub.auth.TestKeys.RSA_OTHER;
import static dev.sluice.hub.auth.TestKeys.SECRET;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureVerificationTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final List<String> TOPIC = List.of("https://example.com/books/1");
  private final FakeClock clock = new FakeClock(NOW);

  private AuthConfig.Builder config(KeySource keys) {
    return TestKeys.strict(keys).clock(clock);
  }

  private TokenSpec publishAll() {
    return TestKeys.spec().publish("*").expiresAt(NOW.plus(Duration.ofHours(1))).build();
  }

  private Grant publish(AuthConfig config, String token) {
    return Authorizer.create(config)
        .authorizePublish(AuthRequest.builder().bearer(token).build(), TOPIC, SelectorMatcher.exactOnly());
  }

  private void assertRefused(AuthConfig config, String token, Reason reason) {
    assertThatThrownBy(() -> publish(config, token))
        .isInstanceOfSatisfying(AuthorizationException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.status()).isEqualTo(401);
        });
  }

  @Test
  void acceptsHs256TokenSignedWithTheSharedSecret() {
    String token = TokenMinter.hs256(SECRET).mint(publishAll());
    assertThat(publish(config(KeySource.hs256(SECRET)).build(), token).canPublish(TOPIC, SelectorMatcher.exactOnly()))
        .isTrue();
  }

  @Test
  void refusesHs256TokenSignedWithAnotherSecret() {
    String token = TokenMinter.hs256(TestKeys.OTHER_SECRET).mint(publishAll());
    assertRefused(config(KeySource.hs256(SECRET)).build(), token, Reason.SIGNATURE_INVALID);
  }

  @Test
  void refusesATokenWhosePayloadWasEditedAfterSigning() {
    String token = TokenMinter.hs256(SECRET).mint(publishAll());
    String[] parts = token.split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"iss\":\"" + TestKeys.ISSUER + "\",\"authorization_details\":[],\"exp\":9999999999}").getBytes(UTF_8));
    assertRefused(config(KeySource.hs256(SECRET)).build(), parts[0] + "." + forged + "." + parts[2],
        Reason.SIGNATURE_INVALID);
  }

  @Test
  void acceptsRs256AndRefusesAnotherRsaKey() {
    AuthConfig config = config(KeySource.rs256(TestKeys.publicPem(RSA))).build();
    assertThat(publish(config, TokenMinter.rs256(TestKeys.privatePem(RSA), null).mint(publishAll())))
        .isNotNull();
    assertRefused(config, TokenMinter.rs256(TestKeys.privatePem(RSA_OTHER), null).mint(publishAll()),
        Reason.SIGNATURE_INVALID);
  }

  @Test
  void acceptsEs256AndRefusesAnotherEcKey() {
    AuthConfig config = config(KeySource.es256(TestKeys.publicPem(EC))).build();
    assertThat(publish(config, TokenMinter.es256(TestKeys.privatePem(EC), null).mint(publishAll())))
        .isNotNull();
    assertRefused(config, TokenMinter.es256(TestKeys.privatePem(EC_OTHER), null).mint(publishAll()),
        Reason.SIGNATURE_INVALID);
  }

  @Test
  void refusesUnsignedAlgNoneToken() {
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String payload = b64("{\"mercure\":{\"publish\":[\"*\"]},\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + "}");
    // Both with an empty signature and with a signature-shaped tail.
    assertRefused(config(KeySource.hs256(SECRET)).build(), header + "." + payload + ".", Reason.ALGORITHM_NOT_ALLOWED);
    assertRefused(config(KeySource.hs256(SECRET)).build(), header + "." + payload + ".c2ln",
        Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void refusesHs256TokenKeyedWithTheRsaPublicKeyOfAnRs256Hub() throws Exception {
    // The classic algorithm-confusion attack: sign with HMAC using the (public) RSA key bytes.
    String pem = TestKeys.publicPem(RSA);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
    jwt.sign(new MACSigner(pem.getBytes(UTF_8)));
    assertRefused(config(KeySource.rs256(pem)).build(), jwt.serialize(), Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void refusesRs256TokenAtAnHs256Hub() {
    String token = TokenMinter.rs256(TestKeys.privatePem(RSA), null).mint(publishAll());
    assertRefused(config(KeySource.hs256(SECRET)).build(), token, Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void refusesSecretsShorterThan32Bytes() {
    assertThatThrownBy(() -> KeySource.hs256("too-short-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32");
    assertThatThrownBy(() -> TokenMinter.hs256("too-short-secret"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsPublisherAndSubscriberKeysApart() {
    AuthConfig config = AuthConfig.builder().clock(clock)
        .trustedIssuer(TrustedIssuer.of(TestKeys.ISSUER, KeySource.hs256(SECRET),
            KeySource.es256(TestKeys.publicPem(EC))))
        .audience(TestKeys.AUDIENCE)
        .build();
    Authorizer authorizer = Authorizer.create(config);
    String subscriberToken = TokenMinter.es256(TestKeys.privatePem(EC), null).mint(
        TestKeys.spec().subscribe("*").publish("*").expiresAt(NOW.plusSeconds(60)).build());
    String publisherToken = TokenMinter.hs256(SECRET).mint(publishAll());

    assertThat(authorizer.authorizeSubscribe(AuthRequest.builder().bearer(subscriberToken).build())
        .subscribeSelectors()).containsExactly(Selector.exact("*"));
    assertThatThrownBy(() -> authorizer.authorizeSubscribe(AuthRequest.builder().bearer(publisherToken).build()))
        .isInstanceOf(AuthorizationException.class);
    assertRefused(config, subscriberToken, Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void picksTheKeyNamedByKidDuringRotation() {
    KeySource keys = KeySource.anyOf(
        KeySource.hs256(SECRET.getBytes(UTF_8), "new"),
        KeySource.hs256(TestKeys.OTHER_SECRET.getBytes(UTF_8), "old"));
    AuthConfig config = config(keys).build();
    assertThat(publish(config, TokenMinter.hs256(SECRET.getBytes(UTF_8), "new").mint(publishAll()))).isNotNull();
    assertThat(publish(config, TokenMinter.hs256(TestKeys.OTHER_SECRET.getBytes(UTF_8), "old").mint(publishAll())))
        .isNotNull();
    // Signed with the "old" secret but claiming kid "new": only the "new" key is tried.
    assertRefused(config, TokenMinter.hs256(TestKeys.OTHER_SECRET.getBytes(UTF_8), "new").mint(publishAll()),
        Reason.SIGNATURE_INVALID);
    assertRefused(config, TokenMinter.hs256(SECRET.getBytes(UTF_8), "unknown").mint(publishAll()),
        Reason.KEY_UNKNOWN);
  }

  @Test
  void refusesTokensWithAForeignTyp() throws Exception {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt")).build(), claims());
    jwt.sign(new MACSigner(SECRET.getBytes(UTF_8)));
    assertRefused(config(KeySource.hs256(SECRET)).build(), jwt.serialize(), Reason.TYPE_NOT_ALLOWED);
  }

  @Test
  void acceptsLegacyTypOnlyInCompatibilityMode() throws Exception {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims());
    jwt.sign(new MACSigner(SECRET.getBytes(UTF_8)));
    assertRefused(config(KeySource.hs256(SECRET)).build(), jwt.serialize(), Reason.TYPE_NOT_ALLOWED);
    assertThat(publish(config(KeySource.hs256(SECRET)).protocolVersionCompatibility(8).build(),
        jwt.serialize())).isNotNull();
    assertThat(publish(config(KeySource.hs256(SECRET)).build(),
        TokenMinter.hs256(SECRET).mint(publishAll()))).isNotNull();
  }

  private static JWTClaimsSet claims() {
    return new JWTClaimsSet.Builder()
        .claim("mercure", java.util.Map.of("publish", List.of("*")))
        .issuer(TestKeys.ISSUER)
        .audience(TestKeys.AUDIENCE)
        .expirationTime(Date.from(NOW.plusSeconds(60)))
        .build();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(UTF_8));
  }
}
