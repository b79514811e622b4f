package dev.sluice.hub.auth;

import dev.sluice.server.testing.FakeClock;
import dev.sluice.hub.internal.auth.AuthRequest;
import dev.sluice.hub.internal.auth.AuthorizationException;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.Grant;
import static dev.sluice.hub.auth.TestKeys.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** exp, nbf, aud, iss: the registered claims every token must pass before its permissions count. */
class ClaimChecksTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String HUB = "https://hub.example.com/.well-known/mercure";
  private final FakeClock clock = new FakeClock(NOW);
  private final TokenMinter minter = TokenMinter.hs256(SECRET);

  private AuthConfig.Builder config() {
    return TestKeys.strict(KeySource.hs256(SECRET)).clock(clock);
  }

  private static TokenSpec.Builder token() {
    return TestKeys.spec().subscribe("*").expiresAt(NOW.plus(Duration.ofMinutes(10)));
  }

  private Grant subscribe(AuthConfig config, TokenSpec spec) {
    return Authorizer.create(config).authorizeSubscribe(AuthRequest.builder().bearer(minter.mint(spec)).build());
  }

  private void assertRefused(AuthConfig config, TokenSpec spec, Reason reason) {
    assertThatThrownBy(() -> subscribe(config, spec))
        .isInstanceOfSatisfying(AuthorizationException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.getMessage()).isEqualTo("The access token is invalid");
        });
  }

  @Test
  void grantCarriesExpiryAndSubject() {
    Grant grant = subscribe(config().build(), token().subject("alice").build());
    assertThat(grant.expiresAt()).contains(NOW.plus(Duration.ofMinutes(10)));
    assertThat(grant.subject()).contains("alice");
    assertThat(grant.isAnonymous()).isFalse();
    assertThat(grant.isExpiredAt(NOW.plus(Duration.ofMinutes(10)))).isTrue();
  }

  @Test
  void refusesExpiredTokenOnceTheClockSkewHasPassed() {
    AuthConfig config = config().clockSkew(Duration.ofSeconds(30)).build();
    TokenSpec spec = token().expiresAt(NOW.minusSeconds(10)).build();
    assertThat(subscribe(config, spec)).isNotNull(); // Within the 30 s leeway.
    clock.advance(Duration.ofSeconds(20));
    assertRefused(config, spec, Reason.EXPIRED);
  }

  @Test
  void refusesTokenNotYetValid() {
    long nbf = NOW.plus(Duration.ofMinutes(2)).getEpochSecond();
    TokenSpec spec = token().claim("nbf", nbf).build();
    assertRefused(config().build(), spec, Reason.NOT_YET_VALID);
    clock.advance(Duration.ofMinutes(2));
    assertThat(subscribe(config().build(), spec)).isNotNull();
  }

  @Test
  void requiresExpiryExceptInCompatibilityMode() {
    TokenSpec spec = TestKeys.spec().subscribe("*").build();
    assertRefused(config().build(), spec, Reason.EXPIRY_MISSING);
    assertThat(subscribe(config().protocolVersionCompatibility(8).build(), spec).expiresAt()).isEmpty();
  }

  @Test
  void acceptsOnlyTheConfiguredAudience() {
    AuthConfig config = config().audience(HUB).build();
    assertThat(subscribe(config, token().audience(HUB).build())).isNotNull();
    assertThat(subscribe(config, token().audience("https://other", HUB).build())).isNotNull();
    assertRefused(config, token().audience("https://other.example/.well-known/mercure").build(),
        Reason.AUDIENCE_NOT_ACCEPTED);
    assertRefused(config, token().build(), Reason.AUDIENCE_NOT_ACCEPTED);
  }

  @Test
  void refusesTokenAddressedToSomeoneElseWhenNoAudienceIsConfigured() {
    assertRefused(config().build(), token().audience("https://idp.example/api").build(),
        Reason.AUDIENCE_NOT_ACCEPTED);
  }

  @Test
  void acceptsOnlyConfiguredIssuers() {
    AuthConfig config = config().issuer("https://idp.example").build();
    assertThat(subscribe(config, token().issuer("https://idp.example").build())).isNotNull();
    assertRefused(config, token().issuer("https://evil.example").build(), Reason.ISSUER_NOT_ACCEPTED);
    assertRefused(config, token().build(), Reason.ISSUER_NOT_ACCEPTED);
  }

  @Test
  void refusesNonNumericExpiry() throws Exception {
    JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256)
        .type(new com.nimbusds.jose.JOSEObjectType("at+jwt")).build(),
        new Payload("{\"iss\":\"" + TestKeys.ISSUER + "\",\"exp\":\"tomorrow\"}"));
    jws.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> Authorizer.create(config().build())
            .authorizeSubscribe(AuthRequest.builder().bearer(jws.serialize()).build()))
        .isInstanceOfSatisfying(AuthorizationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CLAIMS_INVALID));
  }

  @Test
  void clockSkewIsBounded() {
    assertThatThrownBy(() -> config().clockSkew(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
