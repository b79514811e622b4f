package dev.sluice.hub.auth;

import dev.sluice.server.testing.FakeClock;
import dev.sluice.hub.internal.auth.AuthRequest;
import dev.sluice.hub.internal.auth.AuthorizationException;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.Grant;
import dev.sluice.hub.internal.selector.MatchType;
import dev.sluice.hub.internal.selector.Selector;
import dev.sluice.hub.internal.selector.SelectorMatcher;
import static dev.sluice.hub.auth.TestKeys.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both claim styles, missing-vs-empty semantics, payloads, limits. */
class PermissionClaimsTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String BOOK1 = "https://example.com/books/1";
  private static final String BOOK2 = "https://example.com/books/2";
  private static final SelectorMatcher EXACT = SelectorMatcher.exactOnly();
  private final TokenMinter minter = TokenMinter.hs256(SECRET);
  private final Authorizer authorizer = Authorizer.create(
      TestKeys.strict(KeySource.hs256(SECRET)).clock(new FakeClock(NOW)).build());

  private static TokenSpec.Builder token() {
    return TestKeys.spec().expiresAt(NOW.plusSeconds(600));
  }

  private AuthRequest bearer(TokenSpec spec) {
    return AuthRequest.builder().bearer(minter.mint(spec)).build();
  }

  private final Authorizer compat = Authorizer.create(TestKeys.strict(KeySource.hs256(SECRET))
      .clock(new FakeClock(NOW)).protocolVersionCompatibility(8).build());

  private Grant subscriber(TokenSpec spec) {
    return authorizer.authorizeSubscribe(bearer(spec));
  }

  /** In compatibility mode 8, where the pre-1.0 {@code mercure} claim counts. */
  private Grant compatSubscriber(TokenSpec spec) {
    return compat.authorizeSubscribe(bearer(spec));
  }

  private AuthorizationException publishRefusal(TokenSpec spec, List<String> topics) {
    try {
      authorizer.authorizePublish(bearer(spec), topics, EXACT);
    } catch (AuthorizationException e) {
      return e;
    }
    throw new AssertionError("publish was allowed");
  }

  private static Map<String, Object> detail(List<?> actions, List<Object> topics) {
    return Map.of("type", TokenSpec.DETAIL_TYPE, "actions", actions, "topics", topics);
  }

  @Test
  void authorizationDetailsGrantPublishOnMatchedTopicsOnly() {
    TokenSpec spec = token().publish(BOOK1).build();
    assertThat(authorizer.authorizePublish(bearer(spec), List.of(BOOK1), EXACT).claimStyle())
        .isEqualTo(Grant.ClaimStyle.AUTHORIZATION_DETAILS);
    AuthorizationException e = publishRefusal(spec, List.of(BOOK2));
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.reason()).isEqualTo(Reason.SCOPE_INSUFFICIENT);
  }

  @Test
  void publishingSeveralTopicsNeedsEveryOneOfThem() {
    TokenSpec spec = token().publish(BOOK1).build();
    assertThat(publishRefusal(spec, List.of(BOOK1, BOOK2)).status()).isEqualTo(403);
  }

  @Test
  void tokenWithoutPublishClaimMayNotPublishEvenPublicUpdates() {
    assertThat(publishRefusal(token().subscribe("*").build(), List.of(BOOK1)).status()).isEqualTo(403);
    assertThat(publishRefusal(token().legacyClaim().subscribe("*").build(), List.of(BOOK1)).status())
        .isEqualTo(403);
  }

  @Test
  void legacyEmptyPublishArrayAllowsNothingEither() {
    assertThat(publishRefusal(token().legacyClaim().publish().build(), List.of(BOOK1)).status())
        .isEqualTo(403);
  }

  @Test
  void legacyMercureClaimGrantsPublishAndSubscribe() {
    TokenSpec spec = token().legacyClaim().publish("*").subscribe(BOOK1).build();
    Grant publisher = compat.authorizePublish(bearer(spec), List.of(BOOK2), EXACT);
    assertThat(publisher.claimStyle()).isEqualTo(Grant.ClaimStyle.MERCURE_CLAIM);
    assertThat(publisher.publishSelectors()).containsExactly(new Selector(MatchType.URI_TEMPLATE, "*"));
    Grant subscriber = compatSubscriber(spec);
    assertThat(subscriber.canReceivePrivate(List.of(BOOK1), EXACT)).isTrue();
    assertThat(subscriber.canReceivePrivate(List.of(BOOK2), EXACT)).isFalse();
  }

  @Test
  void privateUpdateIsReadableWhenAnyOfItsTopicsIsGranted() {
    Grant grant = subscriber(token().subscribe(BOOK1).build());
    assertThat(grant.canReceivePrivate(List.of(BOOK2, BOOK1), EXACT)).isTrue();
    assertThat(grant.canReceivePrivate(List.of(BOOK2), EXACT)).isFalse();
  }

  @Test
  void wildcardCoversEveryTopicWithoutAskingTheMatcher() {
    Grant grant = subscriber(token().subscribe("*").build());
    SelectorMatcher never = (selector, topic) -> {
      throw new AssertionError("matcher called for " + selector);
    };
    assertThat(grant.canReceivePrivate(List.of("urn:anything"), never)).isTrue();
  }

  @Test
  void matcherTypeIsPassedToTheSelectorEngine() {
    TokenSpec spec = token().claim("authorization_details", List.of(detail(List.of("subscribe"),
        List.of(Map.of("match", "https://example.com/books/:id", "match_type", "urlpattern"))))).build();
    Grant grant = subscriber(spec);
    assertThat(grant.subscribeSelectors())
        .containsExactly(new Selector(MatchType.URL_PATTERN, "https://example.com/books/:id"));
    SelectorMatcher prefix = (s, topic) -> s.type() == MatchType.URL_PATTERN
        && topic.startsWith("https://example.com/books/");
    assertThat(grant.canReceivePrivate(List.of(BOOK2), prefix)).isTrue();
  }

  @Test
  void anonymousGrantReadsNoPrivateUpdate() {
    assertThat(Grant.anonymous().canReceivePrivate(List.of(BOOK1), EXACT)).isFalse();
    assertThat(Grant.anonymous().isAnonymous()).isTrue();
  }

  @Test
  void ignoresAuthorizationDetailsOfOtherTypes() {
    TokenSpec spec = token().claim("authorization_details", List.of(
        Map.of("type", "payment_initiation", "topics", "not-an-array"),
        detail(List.of("subscribe"), List.of(Map.of("match", BOOK1))))).build();
    assertThat(subscriber(spec).subscribeSelectors()).containsExactly(Selector.exact(BOOK1));
  }

  @Test
  void authorizationDetailsWinOverTheLegacyClaim() {
    TokenSpec spec = token()
        .claim("authorization_details", List.of(detail(List.of("subscribe"), List.of(Map.of("match", BOOK1)))))
        .claim("mercure", Map.of("subscribe", List.of("*")))
        .build();
    Grant grant = subscriber(spec);
    assertThat(grant.claimStyle()).isEqualTo(Grant.ClaimStyle.AUTHORIZATION_DETAILS);
    assertThat(grant.canReceivePrivate(List.of(BOOK2), EXACT)).isFalse();
  }

  @Test
  void namespacedLegacyClaimWins() {
    TokenSpec spec = token()
        .claim("mercure", Map.of("subscribe", List.of("*")))
        .claim("https://mercure.rocks/", Map.of("subscribe", List.of(BOOK1)))
        .build();
    assertThat(compatSubscriber(spec).subscribeSelectors())
        .containsExactly(new Selector(MatchType.URI_TEMPLATE, BOOK1));
  }

  @Test
  void legacyClaimIgnoredInStrictMode() {
    Authorizer strict = Authorizer.create(TestKeys.strict(KeySource.hs256(SECRET))
        .clock(new FakeClock(NOW)).build());
    Grant grant = strict.authorizeSubscribe(bearer(token().legacyClaim().subscribe("*").build()));
    assertThat(grant.permissions()).isEmpty();
    assertThat(grant.claimStyle()).isEqualTo(Grant.ClaimStyle.NONE);
  }

  @Test
  void oneMalformedMercureDetailVoidsTheWholeToken() {
    List<Object> bad = List.of(
        detail(List.of("subscribe"), List.of(Map.of("match", BOOK1))),
        detail(List.of(42), List.of(Map.of("match", BOOK2)))); // non-string action
    assertInvalid(token().claim("authorization_details", bad).build());
    assertInvalid(token().claim("authorization_details",
        List.of(detail(List.of(), List.of(Map.of("match", BOOK1))))).build());
    assertInvalid(token().claim("authorization_details",
        List.of(detail(List.of("subscribe"), List.of()))).build());
    assertInvalid(token().claim("authorization_details",
        List.of(detail(List.of("subscribe"), List.of(BOOK1)))).build()); // bare string, not an object
    assertInvalid(token().claim("authorization_details",
        List.of(detail(List.of("subscribe"), List.of(Map.of("match", BOOK1, "match_type", "regex"))))).build());
    assertInvalid(token().claim("authorization_details",
        List.of(detail(List.of("subscribe"), List.of(Map.of("match", "a\nb"))))).build());
    assertInvalid(token().claim("authorization_details", Map.of("type", TokenSpec.DETAIL_TYPE)).build());
    assertCompatInvalid(token().claim("mercure", Map.of("subscribe", List.of(42))).build());
    assertCompatInvalid(token().claim("mercure", "publish everything").build());
  }

  @Test
  void refusesTokensWithTooManySelectors() {
    List<String> many = Collections.nCopies(AuthConfig.DEFAULT_MAX_SELECTORS + 1, BOOK1);
    assertInvalid(token().subscribe(many.toArray(String[]::new)).build());
    assertCompatInvalid(token().legacyClaim().subscribe(many.toArray(String[]::new)).build());
  }

  @Test
  void payloadComesFromTheFirstSubscribeDetailMatchingTheSubscription() {
    List<Object> details = List.of(
        Map.of("type", TokenSpec.DETAIL_TYPE, "actions", List.of("subscribe"),
            "topics", List.of(Map.of("match", BOOK1)), "payload", Map.of("custom1", "one")),
        Map.of("type", TokenSpec.DETAIL_TYPE, "actions", List.of("subscribe"),
            "topics", List.of(Map.of("match", "*")), "payload", Map.of("custom3", "default")));
    Grant grant = subscriber(token().claim("authorization_details", details).build());
    assertThat(grant.payloadFor(BOOK1, EXACT)).contains("{\"custom1\":\"one\"}");
    assertThat(grant.payloadFor(BOOK2, EXACT)).contains("{\"custom3\":\"default\"}");
  }

  @Test
  void legacyPayloadAppliesToEverySubscription() {
    Grant grant = compatSubscriber(token().legacyClaim().subscribe(BOOK1).payload(Map.of("user", "u1")).build());
    assertThat(grant.payloadFor("https://anything", EXACT)).contains("{\"user\":\"u1\"}");
  }

  @Test
  void nonObjectPayloadInAuthorizationDetailsIsInvalid() {
    assertInvalid(token().claim("authorization_details", List.of(Map.of("type", TokenSpec.DETAIL_TYPE,
        "actions", List.of("subscribe"), "topics", List.of(Map.of("match", BOOK1)), "payload", "x")))
        .build());
  }

  private void assertCompatInvalid(TokenSpec spec) {
    assertThatThrownBy(() -> compatSubscriber(spec))
        .isInstanceOfSatisfying(AuthorizationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLAIMS_INVALID));
  }

  private void assertInvalid(TokenSpec spec) {
    assertThatThrownBy(() -> subscriber(spec))
        .isInstanceOfSatisfying(AuthorizationException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CLAIMS_INVALID);
          assertThat(e.status()).isEqualTo(401);
        });
  }
}
