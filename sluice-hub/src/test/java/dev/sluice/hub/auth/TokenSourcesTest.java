package dev.sluice.hub.auth;

import dev.sluice.server.testing.FakeClock;
import dev.sluice.hub.internal.auth.AuthRequest;
import dev.sluice.hub.internal.auth.AuthorizationException;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.Grant;
import dev.sluice.hub.internal.selector.SelectorMatcher;
import static dev.sluice.hub.auth.TestKeys.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a token may come from, and which one wins. 1.0: header, then cookie, never the URL.
 * Compatibility mode 8: header, then the {@code authorization} query parameter, then the cookies.
 */
class TokenSourcesTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String BOOK = "https://example.com/books/1";
  private final TokenMinter minter = TokenMinter.hs256(SECRET);
  private final String reader = minter.mint(TestKeys.spec().subject("reader").subscribe("*")
      .expiresAt(NOW.plusSeconds(600)).build());
  private final String other = minter.mint(TestKeys.spec().subject("other").subscribe(BOOK)
      .expiresAt(NOW.plusSeconds(600)).build());
  private final String publisher = minter.mint(TestKeys.spec().publish("*")
      .expiresAt(NOW.plusSeconds(600)).build());

  private AuthConfig.Builder config() {
    return TestKeys.strict(KeySource.hs256(SECRET)).clock(new FakeClock(NOW));
  }

  private Grant subscribe(AuthConfig config, AuthRequest request) {
    return Authorizer.create(config).authorizeSubscribe(request);
  }

  private Grant subscribe(AuthRequest request) {
    return subscribe(config().build(), request);
  }

  private Grant subscribeCompat(AuthRequest request) {
    return subscribe(config().protocolVersionCompatibility(8).build(), request);
  }

  private static AuthorizationException refusal(Runnable call) {
    try {
      call.run();
    } catch (AuthorizationException e) {
      return e;
    }
    throw new AssertionError("request was allowed");
  }

  @Test
  void readsBearerHeaderWithAnyCaseScheme() {
    assertThat(subscribe(AuthRequest.builder().authorizationHeader("bearer " + reader).build()).subject())
        .contains("reader");
    assertThat(subscribe(AuthRequest.builder().authorizationHeader("BEARER   " + reader + " ").build()).subject())
        .contains("reader");
  }

  @Test
  void readsTheLegacyAuthorizationQueryParameterOnlyInCompatibilityMode() {
    assertThat(subscribeCompat(AuthRequest.builder().queryParameter("authorization", reader).build()).subject())
        .contains("reader");
    assertThat(refusal(() -> subscribeCompat(AuthRequest.builder().queryParameter("access_token", reader)
        .build())).reason()).isEqualTo(Reason.TOKEN_MISSING);
    assertThat(refusal(() -> subscribe(AuthRequest.builder().queryParameter("authorization", reader)
        .build())).reason()).isEqualTo(Reason.TOKEN_MISSING);
  }

  @Test
  void readsTheConfiguredCookie() {
    assertThat(subscribe(AuthRequest.builder()
        .cookieHeader("theme=dark; __Secure-mercure_access_token=" + reader).build()).subject()).contains("reader");
    assertThat(refusal(() -> subscribe(AuthRequest.builder().cookieHeader("mercureAuthorization=" + reader)
        .build())).reason()).isEqualTo(Reason.TOKEN_MISSING);
    assertThat(subscribeCompat(AuthRequest.builder().cookieHeader("mercureAuthorization=" + reader).build())
        .subject()).contains("reader");
    AuthConfig custom = config().cookieName("mercureAccessToken").build();
    assertThat(subscribe(custom, AuthRequest.builder()
        .cookieHeader("mercureAuthorization=" + other)
        .cookieHeader("mercureAccessToken=\"" + reader + "\"").build()).subject()).contains("reader");
  }

  @Test
  void headerWinsOverQueryAndCookieWhichAreIgnored() {
    AuthRequest request = AuthRequest.builder()
        .bearer(reader)
        .queryParameter("access_token", "garbage")
        .cookieHeader("mercureAuthorization=garbage")
        .build();
    assertThat(subscribe(request).subject()).contains("reader");
  }

  @Test
  void queryParameterWinsOverCookieInCompatibilityMode() {
    AuthRequest request = AuthRequest.builder()
        .queryParameter("authorization", reader)
        .cookieHeader("mercureAuthorization=" + other)
        .build();
    assertThat(subscribeCompat(request).subject()).contains("reader");
  }

  @Test
  void invalidHeaderTokenIsNotRescuedByAValidCookie() {
    AuthRequest request = AuthRequest.builder()
        .bearer("not.a-valid.token")
        .cookieHeader("__Secure-mercure_access_token=" + reader)
        .build();
    assertThat(refusal(() -> subscribe(request)).status()).isEqualTo(401);
  }

  @Test
  void refusesMalformedAuthorizationHeadersWith400() {
    for (AuthRequest request : List.of(
        AuthRequest.builder().bearer(reader).bearer(reader).build(),
        AuthRequest.builder().authorizationHeader("Basic dXNlcjpwYXNz").build(),
        AuthRequest.builder().authorizationHeader("Bearer").build(),
        AuthRequest.builder().authorizationHeader("Bearer a b").build())) {
      AuthorizationException e = refusal(() -> subscribe(request));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.reason()).isEqualTo(Reason.AUTHORIZATION_HEADER_MALFORMED);
      assertThat(e.wwwAuthenticate()).hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_request\""));
    }
  }

  @Test
  void refusesTwoQueryTokensWith400() {
    AuthorizationException e = refusal(() -> subscribeCompat(AuthRequest.builder()
        .queryParameter("authorization", reader).queryParameter("authorization", reader).build()));
    assertThat(e.reason()).isEqualTo(Reason.QUERY_TOKEN_REPEATED);
    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void ignoresQueryTokensInStrictMode() {
    AuthConfig strict = config().anonymousSubscribers(true).build();
    for (String name : List.of("access_token", "authorization")) {
      assertThat(subscribe(strict, AuthRequest.builder().queryParameter(name, reader).build()).isAnonymous())
          .as(name).isTrue();
    }
  }

  @Test
  void anonymousSubscriptionIsASwitch() {
    AuthorizationException e = refusal(() -> subscribe(AuthRequest.empty()));
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.reason()).isEqualTo(Reason.TOKEN_MISSING);
    assertThat(subscribe(config().anonymousSubscribers(true).build(), AuthRequest.empty()).isAnonymous()).isTrue();
  }

  @Test
  void emptyCookieCountsAsNoToken() {
    AuthConfig anonymous = config().anonymousSubscribers(true).build();
    assertThat(subscribe(anonymous, AuthRequest.builder().cookieHeader("__Secure-mercure_access_token=").build())
        .isAnonymous()).isTrue();
  }

  @Test
  void invalidTokenIsRefusedEvenWhenAnonymousSubscribersAreAllowed() {
    AuthConfig anonymous = config().anonymousSubscribers(true).build();
    assertThat(refusal(() -> subscribe(anonymous, AuthRequest.builder().bearer("x.y.z").build())).status())
        .isEqualTo(401);
  }

  @Test
  void publishingWithoutTokenIs401() {
    Authorizer authorizer = Authorizer.create(config().build());
    AuthorizationException e = refusal(
        () -> authorizer.authorizePublish(AuthRequest.empty(), List.of(BOOK), SelectorMatcher.exactOnly()));
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.wwwAuthenticate()).contains("Bearer");
  }

  @Test
  void publishingWithACookieNeedsAnAllowedOrigin() {
    String cookie = "__Secure-mercure_access_token=" + publisher;
    Authorizer closed = Authorizer.create(config().build());
    Authorizer open = Authorizer.create(config().publishOrigins(List.of("https://app.example")).build());
    SelectorMatcher exact = SelectorMatcher.exactOnly();

    assertThat(refusal(() -> open.authorizePublish(AuthRequest.builder().cookieHeader(cookie).build(),
        List.of(BOOK), exact)).reason()).isEqualTo(Reason.COOKIE_ORIGIN_MISSING);
    assertThat(refusal(() -> closed.authorizePublish(AuthRequest.builder().cookieHeader(cookie)
        .origin("https://app.example").build(), List.of(BOOK), exact)).reason())
        .isEqualTo(Reason.COOKIE_ORIGIN_NOT_ALLOWED);
    assertThat(refusal(() -> open.authorizePublish(AuthRequest.builder().cookieHeader(cookie)
        .origin("https://evil.example").build(), List.of(BOOK), exact)).status()).isEqualTo(400);

    assertThat(open.authorizePublish(AuthRequest.builder().cookieHeader(cookie)
        .origin("https://app.example").build(), List.of(BOOK), exact)).isNotNull();
    assertThat(open.authorizePublish(AuthRequest.builder().cookieHeader(cookie)
        .referer("https://app.example/page?x=1").build(), List.of(BOOK), exact)).isNotNull();
    // A bearer header needs no origin check: it cannot be sent by a cross-site form.
    assertThat(closed.authorizePublish(AuthRequest.builder().bearer(publisher).build(), List.of(BOOK), exact))
        .isNotNull();
  }

  @Test
  void subscriptionsApiNeedsSubscribeOnThePath() {
    Authorizer authorizer = Authorizer.create(config().build());
    String path = "/.well-known/mercure/subscriptions";
    assertThat(authorizer.authorizeSubscriptionsApi(AuthRequest.builder().bearer(reader).build(), path,
        SelectorMatcher.exactOnly())).isNotNull();
    assertThat(refusal(() -> authorizer.authorizeSubscriptionsApi(AuthRequest.builder().bearer(other).build(),
        path, SelectorMatcher.exactOnly())).status()).isEqualTo(403);
  }
}
