package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HubTokensTest {
  private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

  private static String claims(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  @Test
  void nothingConfiguredSendsNoToken() {
    HubTokens tokens = HubTokens.from(new SluiceProperties());
    assertThat(tokens.publisherToken()).isNull();
    assertThat(tokens.subscriberToken()).isNull();
  }

  @Test
  void draft08TokensForAHubInCompatibilityMode() {
    SluiceProperties properties = new SluiceProperties();
    properties.getJwt().setSecret(SECRET);
    properties.getJwt().setFormat(SluiceProperties.TokenFormat.DRAFT_08);
    HubTokens tokens = HubTokens.from(properties);
    assertThat(claims(tokens.publisherToken())).contains("\"mercure\"", "\"publish\"");
    assertThat(claims(tokens.subscriberToken())).contains("\"mercure\"", "\"subscribe\"");
  }

  @Test
  void mercure10TokensByDefaultWithTheHubUrlAsAudience() {
    SluiceProperties properties = new SluiceProperties();
    properties.getJwt().setSecret(SECRET);
    properties.getJwt().setIssuer("https://app.example.com");
    properties.getHub().setUrl(java.net.URI.create("https://hub.example.com/.well-known/mercure"));
    assertThat(claims(HubTokens.from(properties).publisherToken()))
        .contains("\"authorization_details\"", "\"iss\":\"https://app.example.com\"",
            "\"aud\":\"https://hub.example.com/.well-known/mercure\"");
  }

  @Test
  void mercure10TokensNeedAnIssuer() {
    SluiceProperties properties = new SluiceProperties();
    properties.getJwt().setSecret(SECRET);
    properties.getHub().setUrl(java.net.URI.create("https://hub.example.com/.well-known/mercure"));
    assertThatThrownBy(() -> HubTokens.from(properties)).hasMessageContaining("sluice.jwt.issuer");
  }

  @Test
  void fixedTokensWinOverMinting() {
    SluiceProperties properties = new SluiceProperties();
    properties.getJwt().setSecret(SECRET);
    properties.getJwt().setIssuer("https://app.example.com");
    properties.getHub().setUrl(java.net.URI.create("https://hub.example.com/.well-known/mercure"));
    properties.getPublisher().setToken("fixed-publisher");
    properties.getSse().setSubscriberToken("fixed-subscriber");
    HubTokens tokens = HubTokens.from(properties);
    assertThat(tokens.publisherToken()).isEqualTo("fixed-publisher");
    assertThat(tokens.subscriberToken()).isEqualTo("fixed-subscriber");
  }

  @Test
  void aShortSecretFailsAtStartup() {
    SluiceProperties properties = new SluiceProperties();
    properties.getJwt().setSecret("short");
    assertThatThrownBy(() -> HubTokens.from(properties)).hasMessageContaining("at least 32");
  }
}
