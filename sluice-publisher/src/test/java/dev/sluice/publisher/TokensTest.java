package dev.sluice.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Decodes minted tokens with an independent JSON parser (Jackson, test scope) and MAC check. */
class TokensTest {
  private static final String SECRET = "a-test-secret-of-at-least-thirty-two-bytes";
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Tokens tokens = Tokens.hs256(SECRET)
      .issuer("https://app.example.com")
      .audience("https://hub.example.com/.well-known/mercure")
      .ttl(Duration.ofMinutes(15))
      .clock(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void publisherTokenHasTheMercure10Shape() throws Exception {
    String jwt = tokens.publisher("*");
    assertThat(header(jwt).toString()).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}");
    JsonNode claims = claims(jwt);
    assertThat(claims.get("iss").asText()).isEqualTo("https://app.example.com");
    assertThat(claims.get("aud").asText()).isEqualTo("https://hub.example.com/.well-known/mercure");
    assertThat(claims.get("sub").asText()).isEqualTo("https://app.example.com");
    assertThat(claims.get("client_id").asText()).isEqualTo("https://app.example.com");
    assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 900);
    assertThat(claims.get("jti").asText()).hasSize(36);
    assertThat(claims.get("authorization_details").toString()).isEqualTo(
        "[{\"type\":\"https://mercure.rocks/authorization-detail\",\"actions\":[\"publish\"],"
            + "\"topics\":[{\"match\":\"*\"}]}]");
    assertThat(claims.has("mercure")).isFalse();
    assertSignedWithSecret(jwt);
  }

  @Test
  void subscriberTokenNamesItsSubjectAndTopics() throws Exception {
    String jwt = tokens.clientId("my-app").subscriber("user-42",
        "https://example.com/users/42", "https://example.com/books/1");
    JsonNode claims = claims(jwt);
    assertThat(claims.get("sub").asText()).isEqualTo("user-42");
    assertThat(claims.get("client_id").asText()).isEqualTo("my-app");
    JsonNode detail = claims.get("authorization_details").get(0);
    assertThat(detail.get("type").asText()).isEqualTo(Tokens.AUTHORIZATION_DETAIL_TYPE);
    assertThat(detail.get("actions").toString()).isEqualTo("[\"subscribe\"]");
    assertThat(detail.get("topics").toString()).isEqualTo(
        "[{\"match\":\"https://example.com/users/42\"},{\"match\":\"https://example.com/books/1\"}]");
    assertSignedWithSecret(jwt);
  }

  @Test
  void eachTokenHasItsOwnJti() throws Exception {
    assertThat(claims(tokens.publisher("*")).get("jti"))
        .isNotEqualTo(claims(tokens.publisher("*")).get("jti"));
  }

  @Test
  void legacyTokensCarryTheDraft08MercureClaim() throws Exception {
    String pub = Tokens.hs256(SECRET).clock(Clock.fixed(NOW, ZoneOffset.UTC)).legacyPublisher("*");
    assertThat(header(pub).toString()).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    assertThat(claims(pub).toString()).isEqualTo("{\"iat\":" + NOW.getEpochSecond()
        + ",\"exp\":" + (NOW.getEpochSecond() + 3600) + ",\"mercure\":{\"publish\":[\"*\"]}}");
    String sub = tokens.legacySubscriber("user-42", java.util.List.of("https://example.com/users/42"));
    JsonNode claims = claims(sub);
    assertThat(claims.get("sub").asText()).isEqualTo("user-42");
    assertThat(claims.get("aud").asText()).isEqualTo("https://hub.example.com/.well-known/mercure");
    assertThat(claims.get("mercure").toString())
        .isEqualTo("{\"subscribe\":[\"https://example.com/users/42\"]}");
    assertSignedWithSecret(pub);
    assertSignedWithSecret(sub);
  }

  @Test
  void topicsNeedingEscapesSurviveTheRoundTrip() throws Exception {
    String odd = "https://example.com/\"quoted\"\\back\u0001";
    JsonNode claims = claims(tokens.legacyPublisher(odd));
    assertThat(claims.get("mercure").get("publish").get(0).asText()).isEqualTo(odd);
  }

  @Test
  void mercure10TokensNeedIssuerAndAudience() {
    assertThatThrownBy(() -> Tokens.hs256(SECRET).publisher("*"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer not set");
    assertThatThrownBy(() -> Tokens.hs256(SECRET).issuer("i").subscriber("s", "t"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience not set");
  }

  @Test
  void rejectsShortSecretsAndEmptyTopicLists() {
    assertThatThrownBy(() -> Tokens.hs256("short")).hasMessageContaining("at least 32");
    assertThatThrownBy(() -> tokens.publisher()).hasMessageContaining("no topics");
    assertThatThrownBy(() -> tokens.ttl(Duration.ZERO)).hasMessageContaining("ttl");
  }

  private static JsonNode header(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
  }

  private static JsonNode claims(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private static void assertSignedWithSecret(String jwt) throws Exception {
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(UTF_8));
    assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
  }
}
