package dev.sluice.hub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.hub.auth.TrustedIssuer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mercure 1.0's token rules, one test per rule, against real hubs on loopback: a strict hub
 * trusting two HS256 issuers and an EdDSA one, and a hub in compatibility mode 8. Tokens are built
 * by hand here (not with the hub's own minter) so each test shows exactly what goes on the wire.
 */
class Mercure10AuthIT {
  private static final String AUD = "https://hub.example/.well-known/mercure";
  private static final String ISS_A = "https://a.example";
  private static final String ISS_B = "https://b.example";
  private static final String ISS_ED = "https://ed.example";
  private static final String SECRET_A = "issuer-a-secret-of-at-least-thirty-two-bytes";
  private static final String SECRET_B = "issuer-b-secret-of-at-least-thirty-two-bytes";
  private static final String COOKIE = "__Secure-it_access_token";
  private static final String DETAIL = "https://mercure.rocks/authorization-detail";
  private static final String TOPIC = "https://example.com/books/1";
  private static final String METADATA =
      "https://hub.example/.well-known/oauth-protected-resource/.well-known/mercure";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyPair ED = ed25519();

  private static Hub strict;
  private static Hub compat;

  @BeforeAll
  static void start() {
    strict = Hub.create(HubConfig.builder().port(0).bindAddress("127.0.0.1").store(HubConfig.Store.MEMORY)
        .subscriptionEvents(true)
        .auth(AuthConfig.builder().audience(AUD).cookieName(COOKIE).anonymousSubscribers(true)
            .trustedIssuer(TrustedIssuer.of(ISS_A, KeySource.hs256(SECRET_A)))
            .trustedIssuer(TrustedIssuer.of(ISS_B, KeySource.hs256(SECRET_B)))
            .trustedIssuer(TrustedIssuer.of(ISS_ED, KeySource.of("EdDSA", pem(ED.getPublic().getEncoded()))))
            .build())
        .build()).start();
    compat = Hub.create(HubConfig.builder().port(0).bindAddress("127.0.0.1").store(HubConfig.Store.MEMORY)
        .protocolVersionCompatibility(8)
        .auth(AuthConfig.builder().keys(KeySource.hs256(SECRET_A)).audience(AUD).anonymousSubscribers(true)
            .build())
        .build()).start();
  }

  @AfterAll
  static void stop() {
    if (strict != null) {
      strict.close();
    }
    if (compat != null) {
      compat.close();
    }
  }

  // ---- Building tokens by hand -------------------------------------------------------------

  /** Valid 1.0 claims from issuer A granting publish on {@code *}; tests change one thing. */
  private static Map<String, Object> claims() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", ISS_A);
    c.put("aud", AUD);
    c.put("sub", "it");
    c.put("client_id", ISS_A);
    c.put("iat", Instant.now().getEpochSecond());
    c.put("exp", Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond());
    c.put("jti", "urn:uuid:" + java.util.UUID.randomUUID());
    c.put("authorization_details", List.of(detail(List.of("publish"), List.of(Map.of("match", "*")))));
    return c;
  }

  private static Map<String, Object> detail(List<?> actions, List<?> topics) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("type", DETAIL);
    d.put("actions", actions);
    d.put("topics", topics);
    return d;
  }

  private static Map<String, Object> with(String name, Object value) {
    Map<String, Object> c = claims();
    if (value == null) {
      c.remove(name);
    } else {
      c.put(name, value);
    }
    return c;
  }

  private static String hs(String secret, String typ, JWSAlgorithm alg, Map<String, Object> claims) {
    try {
      JWSHeader.Builder header = new JWSHeader.Builder(alg);
      if (typ != null) {
        header.type(new JOSEObjectType(typ));
      }
      JWSObject jws = new JWSObject(header.build(), new Payload(claims));
      JWSSigner signer = new MACSigner(secret.getBytes(UTF_8));
      jws.sign(signer);
      return jws.serialize();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String token(Map<String, Object> claims) {
    return hs(SECRET_A, "at+jwt", JWSAlgorithm.HS256, claims);
  }

  private static String edToken(Map<String, Object> claims) throws Exception {
    String signingInput = b64("{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\"}") + "." + b64(JSON.writeValueAsString(claims));
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(ED.getPrivate());
    s.update(signingInput.getBytes(UTF_8));
    return signingInput + "." + Base64URL.encode(s.sign());
  }

  // ---- Talking to the hubs -----------------------------------------------------------------

  private static HttpResponse<String> publish(Hub hub, String token, Map<String, String> headers, String query)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
            + "/.well-known/mercure" + (query == null ? "" : "?" + query)))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("topic=" + q(TOPIC) + "&data=x"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int publishStatus(Hub hub, String token) throws Exception {
    return publish(hub, token, Map.of(), null).statusCode();
  }

  private static int publishStatus(String token) throws Exception {
    return publishStatus(strict, token);
  }

  private static String challenge(HttpResponse<String> response) {
    return response.headers().firstValue("WWW-Authenticate").orElse("");
  }

  // ---- Token validation --------------------------------------------------------------------

  @Test
  void typMustBeAtJwt() throws Exception {
    assertThat(publishStatus(hs(SECRET_A, "at+jwt", JWSAlgorithm.HS256, claims()))).isEqualTo(200);
    assertThat(publishStatus(hs(SECRET_A, "application/AT+JWT", JWSAlgorithm.HS256, claims()))).isEqualTo(200);
    assertThat(publishStatus(hs(SECRET_A, "JWT", JWSAlgorithm.HS256, claims()))).isEqualTo(401);
    assertThat(publishStatus(hs(SECRET_A, null, JWSAlgorithm.HS256, claims()))).isEqualTo(401);
  }

  @Test
  void algorithmMustBeOnTheIssuersAllowlistAndNeverNone() throws Exception {
    String none = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + b64(JSON.writeValueAsString(claims())) + ".";
    assertThat(publishStatus(none)).isEqualTo(401);
    // Same secret, another HMAC: the key is pinned to HS256.
    String hs512 = hs("issuer-a-secret-of-at-least-thirty-two-bytes-and-long-enough-for-hs512!!",
        "at+jwt", JWSAlgorithm.HS512, claims());
    assertThat(publishStatus(hs512)).isEqualTo(401);
  }

  @Test
  void edDsaTokensVerifyWithTheIssuersEd25519Key() throws Exception {
    assertThat(publishStatus(edToken(with("iss", ISS_ED)))).isEqualTo(200);
    // An EdDSA signature presented under an HMAC issuer: the algorithm does not fit its key.
    assertThat(publishStatus(edToken(claims()))).isEqualTo(401);
  }

  @Test
  void expIsRequiredAndEnforced() throws Exception {
    assertThat(publishStatus(token(with("exp", null)))).isEqualTo(401);
    assertThat(publishStatus(token(with("exp", Instant.now().minusSeconds(120).getEpochSecond())))).isEqualTo(401);
  }

  @Test
  void nbfIsEnforced() throws Exception {
    assertThat(publishStatus(token(with("nbf", Instant.now().plusSeconds(600).getEpochSecond())))).isEqualTo(401);
    assertThat(publishStatus(token(with("nbf", Instant.now().minusSeconds(10).getEpochSecond())))).isEqualTo(200);
  }

  @Test
  void audMustContainTheResourceIdentifier() throws Exception {
    assertThat(publishStatus(token(with("aud", List.of("https://other.example", AUD))))).isEqualTo(200);
    assertThat(publishStatus(token(with("aud", "https://other.example/.well-known/mercure")))).isEqualTo(401);
    assertThat(publishStatus(token(with("aud", null)))).isEqualTo(401);
  }

  @Test
  void issMustNameATrustedIssuer() throws Exception {
    assertThat(publishStatus(token(with("iss", "https://unknown.example")))).isEqualTo(401);
    assertThat(publishStatus(token(with("iss", null)))).isEqualTo(401);
    assertThat(publishStatus(token(with("iss", ISS_A + "/")))).isEqualTo(401); // Exact match only.
  }

  @Test
  void aTokenIsVerifiedOnlyWithItsOwnIssuersKeys() throws Exception {
    assertThat(publishStatus(hs(SECRET_B, "at+jwt", JWSAlgorithm.HS256, with("iss", ISS_B)))).isEqualTo(200);
    // Signed with B's key but claiming to be A: A's keys are the only ones tried.
    assertThat(publishStatus(hs(SECRET_B, "at+jwt", JWSAlgorithm.HS256, with("iss", ISS_A)))).isEqualTo(401);
    assertThat(publishStatus(hs(SECRET_A, "at+jwt", JWSAlgorithm.HS256, with("iss", ISS_B)))).isEqualTo(401);
  }

  // ---- Authorization details ---------------------------------------------------------------

  @Test
  void detailTypeIsComparedByteByByteAndOtherTypesAreIgnored() throws Exception {
    for (String type : List.of("mercure", DETAIL + "/", "HTTPS://mercure.rocks/authorization-detail")) {
      Map<String, Object> d = detail(List.of("publish"), List.of(Map.of("match", "*")));
      d.put("type", type);
      assertThat(publishStatus(token(with("authorization_details", List.of(d))))).as(type).isEqualTo(403);
    }
    Map<String, Object> other = new LinkedHashMap<>(Map.of("type", "payment_initiation", "actions", "anything"));
    assertThat(publishStatus(token(with("authorization_details",
        List.of(other, detail(List.of("publish"), List.of(Map.of("match", "*")))))))).isEqualTo(200);
  }

  @Test
  void unknownActionsGrantNothingButDoNotVoidTheToken() throws Exception {
    assertThat(publishStatus(token(with("authorization_details",
        List.of(detail(List.of("publish", "archive"), List.of(Map.of("match", "*")))))))).isEqualTo(200);
    assertThat(publishStatus(token(with("authorization_details",
        List.of(detail(List.of("archive"), List.of(Map.of("match", "*")))))))).isEqualTo(403);
  }

  @Test
  void nonStringOrEmptyActionsVoidTheToken() throws Exception {
    assertThat(publishStatus(token(with("authorization_details",
        List.of(detail(List.of("publish", 7), List.of(Map.of("match", "*")))))))).isEqualTo(401);
    assertThat(publishStatus(token(with("authorization_details",
        List.of(detail(List.of(), List.of(Map.of("match", "*")))))))).isEqualTo(401);
  }

  @Test
  void matchTypeIsExactByDefaultOrUrlpattern() throws Exception {
    assertThat(publishStatus(token(with("authorization_details",
        List.of(detail(List.of("publish"), List.of(Map.of("match", TOPIC)))))))).isEqualTo(200);
    assertThat(publishStatus(token(with("authorization_details", List.of(detail(List.of("publish"),
        List.of(Map.of("match", "https://example.com/books/:id", "match_type", "urlpattern")))))))).isEqualTo(200);
    assertThat(publishStatus(token(with("authorization_details", List.of(detail(List.of("publish"),
        List.of(Map.of("match", "https://example.com/books/:id", "match_type", "exact")))))))).isEqualTo(403);
  }

  @Test
  void badMatchTypesAndPatternsVoidTheToken() throws Exception {
    for (Map<String, Object> matcher : List.<Map<String, Object>>of(
        Map.of("match", TOPIC, "match_type", "URLPattern"), // Names are case-sensitive.
        Map.of("match", TOPIC, "match_type", "regex"),
        Map.of("match", "https://example.com/(", "match_type", "urlpattern"), // Does not compile.
        Map.of("match", ""),
        Map.of("match", "a\u200Bb"), // A format character.
        Map.of("matchType", "exact"))) { // No match.
      assertThat(publishStatus(token(with("authorization_details",
          List.of(detail(List.of("publish"), List.of(matcher))))))).as(matcher.toString()).isEqualTo(401);
    }
  }

  @Test
  void oneMalformedMercureDetailVoidsTheWholeToken() throws Exception {
    assertThat(publishStatus(token(with("authorization_details", List.of(
        detail(List.of("publish"), List.of(Map.of("match", "*"))),
        detail(List.of("subscribe"), List.of("not-an-object"))))))).isEqualTo(401);
  }

  @Test
  void limitsOnMatchersPatternsAndTokenSizeVoidTheToken() throws Exception {
    List<Object> many = new ArrayList<>();
    for (int i = 0; i <= AuthConfig.DEFAULT_MAX_SELECTORS; i++) {
      many.add(Map.of("match", TOPIC + i));
    }
    assertThat(publishStatus(token(with("authorization_details",
        List.of(detail(List.of("publish"), many)))))).isEqualTo(401);
    String longPattern = "https://example.com/" + "x".repeat(AuthConfig.DEFAULT_MAX_PATTERN_LENGTH);
    assertThat(publishStatus(token(with("authorization_details",
        List.of(detail(List.of("publish"), List.of(Map.of("match", longPattern)))))))).isEqualTo(401);
    // Past the server's 16 KiB header block the request never reaches the verifier (its own
    // 32 KiB limit applies to cookies and to embedders with larger headers).
    assertThat(publishStatus(token(with("padding", "x".repeat(AuthConfig.DEFAULT_MAX_TOKEN_LENGTH)))))
        .isEqualTo(431);
  }

  @Test
  void theLegacyMercureClaimGrantsNothingInStrictMode() throws Exception {
    Map<String, Object> c = with("authorization_details", null);
    c.put("mercure", Map.of("publish", List.of("*")));
    assertThat(publishStatus(token(c))).isEqualTo(403);
  }

  // ---- Error responses ---------------------------------------------------------------------

  @Test
  void noTokenGetsABareChallengeWithResourceMetadata() throws Exception {
    HttpResponse<String> response = publish(strict, null, Map.of(), null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(challenge(response)).isEqualTo("Bearer resource_metadata=\"" + METADATA + "\"");
  }

  @Test
  void invalidTokenChallengeIsInvalidTokenWithoutADescription() throws Exception {
    HttpResponse<String> response = publish(strict, token(with("exp", null)), Map.of(), null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(challenge(response))
        .isEqualTo("Bearer error=\"invalid_token\", resource_metadata=\"" + METADATA + "\"");
  }

  @Test
  void insufficientScopeIs403() throws Exception {
    HttpResponse<String> response = publish(strict, token(with("authorization_details",
        List.of(detail(List.of("publish"), List.of(Map.of("match", "https://example.com/other")))))), Map.of(), null);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(challenge(response))
        .isEqualTo("Bearer error=\"insufficient_scope\", resource_metadata=\"" + METADATA + "\"");
  }

  // ---- Presentation ------------------------------------------------------------------------

  @Test
  void theConfiguredCookieCarriesTheToken() throws Exception {
    assertThat(publish(strict, null, Map.of("Cookie", COOKIE + "=" + token(claims()), "Origin", "https://app.example"),
        null).statusCode()).isIn(200, 400); // 400 only for the CSRF origin check, never 401.
    assertThat(publish(strict, null, Map.of("Cookie", "mercureAuthorization=" + token(claims())), null)
        .statusCode()).isEqualTo(401);
  }

  @Test
  void theAuthorizationHeaderWinsOverTheCookie() throws Exception {
    assertThat(publish(strict, token(claims()), Map.of("Cookie", COOKIE + "=garbage"), null).statusCode())
        .isEqualTo(200);
    assertThat(publish(strict, "garbage.garbage.garbage", Map.of("Cookie", COOKIE + "=" + token(claims())), null)
        .statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenInTheUrlIsNoToken() throws Exception {
    for (String name : List.of("authorization", "access_token")) {
      HttpResponse<String> response = publish(strict, null, Map.of(), name + "=" + token(claims()));
      assertThat(response.statusCode()).as(name).isEqualTo(401);
      assertThat(challenge(response)).doesNotContain("error=");
    }
  }

  // ---- Discovery ---------------------------------------------------------------------------

  @Test
  void protectedResourceMetadataHasThe10Members() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + strict.port() + Hub.RESOURCE_METADATA_PATH)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.get("resource").asText()).isEqualTo(AUD);
    assertThat(json.get("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
    assertThat(json.get("mercure_cookie").asText()).isEqualTo(COOKIE);
    assertThat(json.get("authorization_details_types_supported").toString()).isEqualTo("[\"" + DETAIL + "\"]");
    assertThat(json.get("mercure_subscriptions").asBoolean()).isTrue();
    assertThat(json.has("mercure_version")).isFalse();
  }

  // ---- Compatibility mode 8 ----------------------------------------------------------------

  @Test
  void compatibilityModeAcceptsPre10Tokens() throws Exception {
    Map<String, Object> legacy = new LinkedHashMap<>();
    legacy.put("mercure", Map.of("publish", List.of("*")));
    // No typ, exp, aud or iss, as the 2025 conformance suite's token.
    assertThat(publishStatus(compat, hs(SECRET_A, null, JWSAlgorithm.HS256, legacy))).isEqualTo(200);
    assertThat(publishStatus(compat, hs(SECRET_A, "JWT", JWSAlgorithm.HS256, legacy))).isEqualTo(200);
    assertThat(publishStatus(compat, token(claims()))).isEqualTo(200); // 1.0 tokens still work.
    assertThat(publishStatus(compat, hs(SECRET_B, null, JWSAlgorithm.HS256, legacy))).isEqualTo(401);
  }

  @Test
  void compatibilityModeStillChecksWhatIsPresent() throws Exception {
    Map<String, Object> expired = new LinkedHashMap<>();
    expired.put("mercure", Map.of("publish", List.of("*")));
    expired.put("exp", Instant.now().minusSeconds(120).getEpochSecond());
    assertThat(publishStatus(compat, hs(SECRET_A, null, JWSAlgorithm.HS256, expired))).isEqualTo(401);
    Map<String, Object> elsewhere = new LinkedHashMap<>();
    elsewhere.put("mercure", Map.of("publish", List.of("*")));
    elsewhere.put("aud", "https://other.example/.well-known/mercure");
    assertThat(publishStatus(compat, hs(SECRET_A, null, JWSAlgorithm.HS256, elsewhere))).isEqualTo(401);
    assertThat(publishStatus(compat, hs(SECRET_A, "id+jwt", JWSAlgorithm.HS256, claims()))).isEqualTo(401);
  }

  @Test
  void compatibilityModeReadsTheAuthorizationParameterAndTheOldCookie() throws Exception {
    Map<String, Object> legacy = new LinkedHashMap<>();
    legacy.put("mercure", Map.of("publish", List.of("*")));
    String token = hs(SECRET_A, null, JWSAlgorithm.HS256, legacy);
    assertThat(publish(compat, null, Map.of(), "authorization=" + token).statusCode()).isEqualTo(200);
    assertThat(publish(compat, null, Map.of(), "access_token=" + token).statusCode()).isEqualTo(401);
    assertThat(publish(compat, null, Map.of("Cookie", "mercureAuthorization=" + token), null).statusCode())
        .isIn(200, 400); // A cookie publish without Origin is the CSRF 400, not a 401.
    assertThat(publish(compat, null, Map.of("Cookie", "mercureAuthorization=" + token), null).statusCode())
        .isNotEqualTo(401);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(UTF_8));
  }

  private static String q(String s) {
    return URLEncoder.encode(s, UTF_8);
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
