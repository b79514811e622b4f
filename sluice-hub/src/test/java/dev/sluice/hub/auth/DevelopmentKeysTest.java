package dev.sluice.hub.auth;

import dev.sluice.server.testing.FakeClock;
import dev.sluice.hub.internal.auth.AuthRequest;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.Grant;
import dev.sluice.hub.internal.selector.Selector;
import dev.sluice.hub.internal.selector.SelectorMatcher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevelopmentKeysTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final FakeClock clock = new FakeClock(NOW);

  @Test
  void mintsAPublisherAndASubscriberTokenTheHubAccepts() {
    DevelopmentKeys dev = DevelopmentKeys.builder().clock(clock).audience(TestKeys.AUDIENCE).build();
    Authorizer authorizer = Authorizer.create(AuthConfig.builder().trustedIssuer(dev.trustedIssuer())
        .audience(TestKeys.AUDIENCE).clock(clock).build());
    SelectorMatcher exact = SelectorMatcher.exactOnly();

    Grant publisher = authorizer.authorizePublish(AuthRequest.builder().bearer(dev.publisherToken()).build(),
        List.of("https://example.com/any/topic"), exact);
    assertThat(publisher.publishSelectors()).containsExactly(Selector.exact("*"));

    Grant subscriber = authorizer.authorizeSubscribe(AuthRequest.builder().bearer(dev.subscriberToken()).build());
    assertThat(subscriber.canReceivePrivate(List.of("urn:private:1"), exact)).isTrue();
    assertThat(subscriber.publishSelectors()).isEmpty();
    assertThat(subscriber.expiresAt()).contains(NOW.plus(DevelopmentKeys.DEFAULT_LIFETIME));
  }

  @Test
  void generatesAFreshSecretEachTime() {
    DevelopmentKeys a = DevelopmentKeys.builder().build();
    DevelopmentKeys b = DevelopmentKeys.builder().build();
    assertThat(a.secret()).hasSize(43).isNotEqualTo(b.secret());
    assertThat(a.toString()).doesNotContain(a.secret());
  }

  @Test
  void reusesAGivenSecretSoTokensSurviveARestart() {
    String secret = "a-stable-development-secret-of-32-bytes+";
    DevelopmentKeys dev = DevelopmentKeys.builder().secret(secret).clock(clock)
        .lifetime(Duration.ofDays(1)).audience("http://localhost:8080/.well-known/mercure").build();
    Authorizer authorizer = Authorizer.create(AuthConfig.builder().keys(KeySource.hs256(secret))
        .issuer(DevelopmentKeys.ISSUER).clock(clock).audience("http://localhost:8080/.well-known/mercure").build());
    assertThat(authorizer.authorizeSubscribe(AuthRequest.builder().bearer(dev.subscriberToken()).build())
        .expiresAt()).contains(NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void refusesAShortGivenSecret() {
    assertThatThrownBy(() -> DevelopmentKeys.builder().secret("short").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32");
  }
}
