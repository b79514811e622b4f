package dev.sluice.hub.auth;

import dev.sluice.server.testing.FakeClock;
import dev.sluice.hub.internal.auth.AuthRequest;
import dev.sluice.hub.internal.auth.AuthorizationException;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.selector.SelectorMatcher;
import static dev.sluice.hub.auth.TestKeys.SECRET;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 6750 challenges, and that no input at all can make verification fail other than cleanly. */
class ChallengeAndGarbageTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final AuthConfig config = TestKeys.strict(KeySource.hs256(SECRET))
      .clock(new FakeClock(NOW)).realm("sluice")
      .resourceMetadata(URI.create("https://hub.example/.well-known/oauth-protected-resource/.well-known/mercure"))
      .build();
  private final Authorizer authorizer = Authorizer.create(config);

  private AuthorizationException subscribeRefusal(AuthRequest request) {
    try {
      authorizer.authorizeSubscribe(request);
    } catch (AuthorizationException e) {
      return e;
    }
    throw new AssertionError("request was allowed");
  }

  @Test
  void missingTokenGetsABareChallengeWithoutErrorCode() {
    assertThat(subscribeRefusal(AuthRequest.empty()).wwwAuthenticate()).contains(
        "Bearer realm=\"sluice\", resource_metadata=\"https://hub.example/.well-known/"
            + "oauth-protected-resource/.well-known/mercure\"");
  }

  @Test
  void invalidTokenChallengeNamesTheErrorButNotTheCause() {
    AuthorizationException e = subscribeRefusal(AuthRequest.builder().bearer("a.b.c").build());
    assertThat(e.wwwAuthenticate()).contains("Bearer realm=\"sluice\", error=\"invalid_token\", "
        + "resource_metadata=\"https://hub.example/"
        + ".well-known/oauth-protected-resource/.well-known/mercure\"");
  }

  @Test
  void insufficientScopeIs403WithItsOwnError() {
    String token = TokenMinter.hs256(SECRET).mint(TestKeys.spec().subscribe("*")
        .expiresAt(NOW.plusSeconds(60)).build());
    try {
      authorizer.authorizePublish(AuthRequest.builder().bearer(token).build(), List.of("t"),
          SelectorMatcher.exactOnly());
      throw new AssertionError("publish was allowed");
    } catch (AuthorizationException e) {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.wwwAuthenticate()).hasValueSatisfying(v -> assertThat(v)
          .contains("error=\"insufficient_scope\"")
          .doesNotContain("error_description"));
    }
  }

  @Test
  void challengeWithoutRealmOrMetadataIsPlainBearer() {
    AuthConfig bare = TestKeys.strict(KeySource.hs256(SECRET)).build();
    try {
      Authorizer.create(bare).authorizeSubscribe(AuthRequest.empty());
      throw new AssertionError("request was allowed");
    } catch (AuthorizationException e) {
      assertThat(e.wwwAuthenticate()).contains("Bearer");
    }
  }

  @Test
  void oversizedTokenIsRefusedBeforeParsing() {
    String huge = "a".repeat(AuthConfig.DEFAULT_MAX_TOKEN_LENGTH) + ".b.c";
    AuthorizationException e = subscribeRefusal(AuthRequest.builder().bearer(huge).build());
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.reason()).isEqualTo(AuthorizationException.Reason.TOKEN_TOO_LARGE);
  }

  @Test
  void deeplyNestedHeaderJsonIsACleanRefusal() {
    String header = b64("{\"alg\":\"HS256\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    AuthorizationException e = subscribeRefusal(AuthRequest.builder().bearer(header + ".e30.c2ln").build());
    assertThat(e.status()).isEqualTo(401);
  }

  @Test
  void randomGarbageNeverEscapesAsAnythingButA401() {
    Random random = new Random(42);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ {}\"";
    List<String> inputs = new ArrayList<>(List.of(".", "..", "...", ".a.b", "a..b", "e30.e30.", "é.é.é",
        b64("{}") + "." + b64("{}") + "." + b64("x"),
        b64("{\"alg\":\"HS256\"}") + "." + b64("[]") + ".AAAA",
        b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d"));
    for (int i = 0; i < 500; i++) {
      StringBuilder s = new StringBuilder();
      int length = 1 + random.nextInt(120);
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      inputs.add(s.toString().strip().replace(" ", ""));
    }
    for (String input : inputs) {
      if (input.isEmpty()) {
        continue;
      }
      AuthorizationException e = subscribeRefusal(AuthRequest.builder().bearer(input).build());
      assertThat(e.status()).as(input).isEqualTo(401);
      assertThat(e.getMessage()).isEqualTo("The access token is invalid");
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(UTF_8));
  }
}
