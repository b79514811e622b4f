package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.DevelopmentKeys;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LlmRoutesTest {
  private static LlmRoutes routes(Map<HubOption, String> flags, Map<String, String> env) {
    HubSettings settings = HubSettings.resolve(flags, env);
    Optional<DevelopmentKeys> dev = settings.hasKeys() ? Optional.empty() : Optional.of(DevelopmentKeys.builder().build());
    HubConfig config = settings.toConfig(dev);
    return LlmRoutes.from(settings, env, config, dev.isPresent());
  }

  @Test
  void withoutUpstreamTheDemoModelAnswersAndAnUnkeyedLoopbackHubIsOpen() {
    assertThat(routes(Map.of(), Map.of()).describe())
        .isEqualTo("built-in demo model (any model name); open (development mode)");
  }

  @Test
  void anUpstreamTakesItsKeyFromTheEnvironmentOnly() {
    assertThat(routes(Map.of(HubOption.LLM_UPSTREAM, "https://api.openai.com/v1"), Map.of(LlmRoutes.API_KEY_ENV, "sk-x"))
        .describe()).startsWith("https://api.openai.com/v1 (key from SLUICE_LLM_API_KEY); ")
        .doesNotContain("sk-x");
    assertThat(routes(Map.of(), Map.of("SLUICE_LLM_UPSTREAM", "http://127.0.0.1:19002/v1")).describe())
        .startsWith("http://127.0.0.1:19002/v1 (no key: SLUICE_LLM_API_KEY is unset)");
  }

  @Test
  void aHubInCompatibilityModeEightTakesItsKeyWithoutAnIssuer() {
    // The relay verifies tokens as the hub does: a pre-1.0 hub's key needs no --issuer there either
    // (this once stopped `sluice serve --jwt-key … --protocol-version-compatibility 8` at start).
    assertThat(routes(Map.of(HubOption.JWT_KEY, "a-configured-secret-of-at-least-32-bytes!!",
        HubOption.PROTOCOL_VERSION_COMPATIBILITY, "8"), Map.of()).describe())
        .endsWith("; bearer = a hub access token");
  }

  @Test
  void aConfiguredKeyOrAnAddressBeyondLoopbackTakesHubTokens() {
    assertThat(routes(Map.of(HubOption.JWT_KEY, "a-configured-secret-of-at-least-32-bytes!!",
        HubOption.ISSUER, "https://app.example"), Map.of()).describe())
        .endsWith("; bearer = a hub access token");
    assertThat(routes(Map.of(HubOption.BIND, "0.0.0.0"), Map.of()).describe())
        .as("no key but every interface: the development key's tokens, not open")
        .endsWith("; bearer = a hub access token");
  }

  @Test
  void anUpstreamThatIsNotAnHttpUrlIsAUsageError() {
    for (String bad : new String[] {"api.openai.com/v1", "ftp://h/v1", "http://", "http://exa mple/v1"}) {
      assertThatThrownBy(() -> routes(Map.of(HubOption.LLM_UPSTREAM, bad), Map.of()))
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--llm-upstream must be an http:// or https:// URL");
    }
  }
}
