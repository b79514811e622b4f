package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.hub.auth.TokenMinter;
import dev.sluice.hub.auth.TokenSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sluice publish} against a real hub on loopback, and {@code sluice serve --help}. */
class HubCommandsTest {
  private static final String SECRET = "sluice-cli-tests-secret-of-at-least-32-bytes!";
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private static final String ISSUER = "https://cli-tests.sluice.test";
  private static final String AUDIENCE = "https://hub.sluice.test/.well-known/mercure";
  private Hub hub;

  @BeforeEach
  void startHub() {
    hub = Hub.create(HubConfig.builder().port(0).store(HubConfig.Store.MEMORY)
        .auth(AuthConfig.builder().keys(KeySource.hs256(SECRET)).issuer(ISSUER).audience(AUDIENCE)
            .build()).build()).start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private int run(String... args) {
    CommandLine command = SluiceCommand.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private String url() {
    return "http://127.0.0.1:" + hub.port() + "/.well-known/mercure";
  }

  @Test
  void publishPrintsTheEventIdTheHubAssigned() {
    String token = TokenMinter.hs256(SECRET).mint(TokenSpec.builder().issuer(ISSUER).audience(AUDIENCE).publish("*")
        .expiresAt(Instant.now().plus(Duration.ofHours(1))).build());
    int exit = run("publish", "--url", url(), "--topic", "https://example.com/cli", "--data", "hi",
        "--type", "note", "--private", "--id", "cli-1", "--jwt", token);
    assertThat(exit).isZero();
    assertThat(out.toString().strip()).isEqualTo("cli-1");
  }

  @Test
  void publishWithoutATokenFailsWithTheHubsAnswerOnOneLine() {
    int exit = run("publish", "--url", url(), "--topic", "https://example.com/cli", "--data", "hi");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("sluice publish: 401 ").hasLineCount(1);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void serveHelpDocumentsEveryOptionWithItsEnvironmentVariableAndDefault() {
    assertThat(run("serve", "--help")).isZero();
    for (HubOption option : HubOption.values()) {
      assertThat(out.toString()).contains(option.flag(), option.environmentVariable());
    }
    assertThat(out.toString()).contains("default: 8080", "default: mvstore");
  }

  @Test
  void serveRefusesABadOptionWithExitCodeTwo() {
    assertThat(run("serve", "--history-size", "lots")).isEqualTo(2);
  }
}
