package dev.sluice.hub;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.hub.auth.TokenMinter;
import dev.sluice.hub.auth.TokenSpec;
import java.time.Duration;
import java.time.Instant;

/** Real HS256 JWTs for the hub tests, signed with one test secret. */
final class Tokens {
  static final String SECRET = "sluice-hub-tests-secret-of-at-least-32-bytes";
  static final String ISSUER = "https://hub-tests.sluice.test";
  /** The test hubs' resource identifier (they listen on port 0, so their URL is not known ahead). */
  static final String AUDIENCE = "https://hub.sluice.test/.well-known/mercure";
  private static final TokenMinter MINTER = TokenMinter.hs256(SECRET);
  /** For tests that need claims the helpers below do not set. */
  static final TokenMinter MINTER_FOR_TESTS = MINTER;

  static AuthConfig authConfig() {
    return AuthConfig.builder().keys(KeySource.hs256(SECRET)).issuer(ISSUER).audience(AUDIENCE)
        .anonymousSubscribers(true).build();
  }

  /** A 1.0 token spec: issued by {@link #ISSUER} for {@link #AUDIENCE}. */
  static TokenSpec.Builder spec() {
    return TokenSpec.builder().issuer(ISSUER).audience(AUDIENCE);
  }

  /** May publish on every topic. */
  static String publisher() {
    return MINTER.mint(spec().publish("*").expiresAt(inAnHour()).build());
  }

  /** May publish on the given exact topics only. */
  static String publisher(String... topics) {
    return MINTER.mint(spec().publish(topics).expiresAt(inAnHour()).build());
  }

  /** May read private updates of the given exact topics (or {@code *}). */
  static String subscriber(String... topics) {
    return subscriber(inAnHour(), topics);
  }

  static String subscriber(Instant expiresAt, String... topics) {
    return MINTER.mint(spec().subscribe(topics).subject("test-subscriber")
        .expiresAt(expiresAt).build());
  }

  private static Instant inAnHour() {
    return Instant.now().plus(Duration.ofHours(1));
  }

  private Tokens() {}
}
