package dev.sluice.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.CorsConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {
  @Test
  void anyOriginWithCredentialsIsAnsweredStarWithoutCredentialsNeverReflected() {
    CorsPolicy policy = new CorsPolicy(CorsConfig.builder().allowOrigin("*").allowCredentials(true).build());
    List<Map.Entry<String, String>> headers = policy.responseHeaders("https://evil.example");
    assertThat(headers).contains(Map.entry("access-control-allow-origin", "*"))
        .extracting(Map.Entry::getKey).doesNotContain("access-control-allow-credentials");
    assertThat(policy.preflight("https://evil.example").orElseThrow())
        .contains(Map.entry("access-control-allow-origin", "*"))
        .extracting(Map.Entry::getKey).doesNotContain("access-control-allow-credentials");
  }

  @Test
  void aListedOriginIsEchoedWithCredentialsEvenBesideStar() {
    CorsPolicy policy = new CorsPolicy(CorsConfig.builder().allowOrigin("https://app.example")
        .allowOrigin("*").allowCredentials(true).exposeHeader("Mercure-Last-Event-ID").build());
    assertThat(policy.responseHeaders("https://app.example")).contains(
        Map.entry("access-control-allow-origin", "https://app.example"),
        Map.entry("access-control-allow-credentials", "true"),
        Map.entry("vary", "Origin"),
        Map.entry("access-control-expose-headers", "Mercure-Last-Event-ID"));
    assertThat(policy.responseHeaders("https://other.example"))
        .contains(Map.entry("access-control-allow-origin", "*"), Map.entry("vary", "Origin"))
        .extracting(Map.Entry::getKey).doesNotContain("access-control-allow-credentials");
  }

  @Test
  void anUnlistedOriginGetsNothing() {
    CorsPolicy policy = new CorsPolicy(CorsConfig.builder().allowOrigin("https://app.example")
        .allowCredentials(true).build());
    assertThat(policy.responseHeaders("https://evil.example")).isEmpty();
    assertThat(policy.preflight("https://evil.example")).isEmpty();
  }
}
