package dev.sluice.cli;

import dev.sluice.hub.HubConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.DevelopmentKeys;
import dev.sluice.server.IoTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSettingsTest {
  @TempDir Path dir;
  private final Optional<DevelopmentKeys> dev = Optional.of(DevelopmentKeys.builder().build());

  @Test
  void defaultsMatchTheDocumentedOnes() {
    HubConfig config = HubSettings.resolve(Map.of(), Map.of()).toConfig(dev);
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.store()).isEqualTo(HubConfig.Store.MVSTORE);
    assertThat(config.retention().maxCount()).isEqualTo(10_000);
    assertThat(config.retention().maxAge()).isEqualTo(Duration.ofDays(1));
    assertThat(config.fsync().toString()).isEqualTo("batch");
    assertThat(config.auth()).isPresent();
  }

  @Test
  void flagsWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
    Path file = dir.resolve("hub.properties");
    Files.writeString(file, "port=7000\nhistory-size=5\nstore=memory\n");
    HubConfig config = HubSettings.resolve(
        Map.of(HubOption.PORT, "9000", HubOption.CONFIG, file.toString()),
        Map.of("SLUICE_PORT", "8000", "SLUICE_HISTORY_SIZE", "6")).toConfig(dev);
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.retention().maxCount()).isEqualTo(6);
    assertThat(config.store()).isEqualTo(HubConfig.Store.MEMORY);
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(() -> HubSettings.resolve(Map.of(HubOption.HISTORY_AGE, "soon"), Map.of()).toConfig(dev))
        .hasMessageStartingWith("--history-age");
    assertThatThrownBy(() -> HubSettings.resolve(Map.of(HubOption.STORE, "rocks"), Map.of()).toConfig(dev))
        .hasMessageStartingWith("--store");
    assertThatThrownBy(() -> HubSettings.resolve(Map.of(HubOption.FSYNC, "never"), Map.of()).toConfig(dev))
        .hasMessageStartingWith("--fsync");
    assertThatThrownBy(() -> HubSettings.resolve(Map.of(HubOption.JWT_KEY, "short",
        HubOption.ISSUER, "https://app.example"), Map.of()).toConfig(dev))
        .as("the option the user gave, not the publisher key it stands in for")
        .hasMessageStartingWith("--jwt-key: ");
    assertThatThrownBy(() -> HubSettings.resolve(Map.of(HubOption.SUBSCRIBER_JWT_KEY, "short",
        HubOption.ISSUER, "https://app.example"), Map.of())
        .toConfig(dev)).hasMessageStartingWith("--subscriber-jwt-key: ");
  }

  @Test
  void unknownSettingInTheFileIsRefused() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "prot=1\n");
    assertThatThrownBy(() -> HubSettings.resolve(Map.of(HubOption.CONFIG, file.toString()), Map.of()))
        .hasMessageContaining("unknown setting").hasMessageContaining("prot");
  }

  @Test
  void aConfiguredKeyMeansNoDevelopmentKeyIsNeeded() {
    HubSettings settings = HubSettings.resolve(Map.of(HubOption.JWT_KEY,
        "a-production-secret-of-at-least-32-bytes!", HubOption.ISSUER, "https://app.example"), Map.of());
    assertThat(settings.hasKeys()).isTrue();
    assertThat(settings.toConfig(Optional.empty()).auth()).isPresent();
  }

  @Test
  void strictModeWithAKeyButNoIssuerSaysWhatToAdd() {
    HubSettings settings = HubSettings.resolve(
        Map.of(HubOption.JWT_KEY, "a-production-secret-of-at-least-32-bytes!"), Map.of());
    assertThatThrownBy(() -> settings.toConfig(Optional.empty()))
        .hasMessageContaining("--issuer").hasMessageContaining("--protocol-version-compatibility 8")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    HubSettings compat = HubSettings.resolve(Map.of(HubOption.JWT_KEY, "a-production-secret-of-at-least-32-bytes!",
        HubOption.PROTOCOL_VERSION_COMPATIBILITY, "8"), Map.of());
    assertThat(compat.toConfig(Optional.empty()).auth().orElseThrow().trustedIssuers()).isEmpty();
  }

  @Test
  void theConfigFileTrustsSeveralIssuersEachWithItsKeys() throws Exception {
    Path file = dir.resolve("issuers.properties");
    Files.writeString(file, "issuer.app.id=https://app.example\n"
        + "issuer.app.jwt-key=an-app-secret-of-at-least-thirty-two-bytes\n"
        + "issuer.idp.id=https://idp.example\n"
        + "issuer.idp.jwks-url=https://idp.example/jwks.json\n"
        + "audience=https://hub.example/.well-known/mercure\n"
        + "cookie-name=hub_token\n");
    AuthConfig auth = HubSettings.resolve(Map.of(HubOption.CONFIG, file.toString()), Map.of())
        .toConfig(Optional.empty()).auth().orElseThrow();
    assertThat(auth.issuers()).containsExactlyInAnyOrder("https://app.example", "https://idp.example");
    assertThat(auth.audiences()).containsExactly("https://hub.example/.well-known/mercure");
    assertThat(auth.cookieName()).isEqualTo("hub_token");
  }

  @Test
  void aBadIssuerBlockNamesIt() throws Exception {
    Path noId = dir.resolve("no-id.properties");
    Files.writeString(noId, "issuer.app.jwt-key=an-app-secret-of-at-least-thirty-two-bytes\n");
    assertThatThrownBy(() -> HubSettings.resolve(Map.of(HubOption.CONFIG, noId.toString()), Map.of())
        .toConfig(Optional.empty())).hasMessageContaining("issuer.app.id");
    Path typo = dir.resolve("typo.properties");
    Files.writeString(typo, "issuer.app.key=x\n");
    assertThatThrownBy(() -> HubSettings.resolve(Map.of(HubOption.CONFIG, typo.toString()), Map.of()))
        .hasMessageContaining("issuer.app.key");
  }

  @Test
  void developmentTokensAre10TokensTheHubAccepts() {
    HubSettings settings = HubSettings.resolve(Map.of(HubOption.PORT, "18710"), Map.of());
    DevelopmentKeys keys = DevelopmentKeys.builder().audience(settings.resourceIdentifier()).build();
    AuthConfig auth = settings.toConfig(Optional.of(keys)).auth().orElseThrow();
    assertThat(auth.issuers()).containsExactly(DevelopmentKeys.ISSUER);
    assertThat(auth.audiences()).containsExactly("http://127.0.0.1:18710/.well-known/mercure");
    String claims = new String(java.util.Base64.getUrlDecoder().decode(keys.publisherToken().split("\\.")[1]),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(claims).contains("\"iss\":\"urn:sluice:development\"",
        "\"aud\":\"http://127.0.0.1:18710/.well-known/mercure\"", "https://mercure.rocks/authorization-detail");
  }

  @Test
  void ioTransportComesFromTheFlagOrEnvironmentAndAutoLeavesTheServerDefault() {
    assertThat(HubSettings.resolve(Map.of(), Map.of()).toConfig(dev).ioTransport()).isEmpty();
    assertThat(HubSettings.resolve(Map.of(HubOption.IO_TRANSPORT, "epoll"), Map.of()).toConfig(dev).ioTransport())
        .contains(IoTransport.EPOLL);
    assertThat(HubSettings.resolve(Map.of(), Map.of("SLUICE_IO_TRANSPORT", "io_uring")).toConfig(dev).ioTransport())
        .contains(IoTransport.IO_URING);
    assertThatThrownBy(() -> HubSettings.resolve(Map.of(HubOption.IO_TRANSPORT, "kqueue"), Map.of()).toConfig(dev))
        .hasMessageStartingWith("--io-transport");
  }

  @Test
  void onlyOnOffSettingsAndDemoMayBeGivenWithoutAValue() {
    assertThat(HubOption.IO_TRANSPORT.isSwitch()).as("--io-transport names a transport").isFalse();
    assertThat(HubOption.DEMO.isSwitch()).isTrue();
    assertThat(HubOption.ALLOW_ANONYMOUS.isSwitch()).isTrue();
    assertThat(HubOption.PORT.isSwitch()).isFalse();
  }
}
