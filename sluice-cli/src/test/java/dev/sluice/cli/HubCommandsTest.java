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

  private String publisherToken(String topic) {
    return TokenMinter.hs256(SECRET).mint(TokenSpec.builder().issuer(ISSUER).audience(AUDIENCE).publish(topic)
        .expiresAt(Instant.now().plus(Duration.ofHours(1))).build());
  }

  @Test
  void publishWithoutATokenNamesTheVariableAndTheFlagToSetOne() {
    int exit = run("publish", "--url", url(), "--topic", "https://example.com/cli", "--data", "hi");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("sluice publish: 401 An access token is required (pass a publisher "
        + "token with --jwt, or set PUBLISHER_TOKEN; 'sluice serve' prints one for its development key)\n");
  }

  @Test
  void publishRefusalsCarryTheHubsReasonAndWhatToDo() {
    assertThat(run("publish", "--url", url(), "--topic", "https://example.com/other", "--data", "hi",
        "--jwt", publisherToken("https://example.com/only-this"))).isEqualTo(1);
    assertThat(err.toString()).startsWith("sluice publish: 403 ")
        .endsWith(" (use a token whose publish claim covers every --topic)\n").hasLineCount(1);

    // No 413 here: the server answers it and closes while the body is still being sent, so the
    // client may see the connection reset instead of the answer (everyRefusalStatusHasAStepToTake).

    err.getBuffer().setLength(0);
    assertThat(run("publish", "--url", "http://127.0.0.1:" + hub.port() + "/elsewhere", "--topic",
        "https://example.com/cli", "--jwt", publisherToken("*"))).isEqualTo(1);
    assertThat(err.toString()).startsWith("sluice publish: 404 ")
        .endsWith(" (--url must be the hub's URL, ending in /.well-known/mercure)\n").hasLineCount(1);
  }

  @Test
  void withoutAnIdTheHubMakesItWithItsOwnScheme() {
    try (Hub random = Hub.create(HubConfig.builder().port(0).bindAddress("127.0.0.1").store(HubConfig.Store.MEMORY)
        .ids(HubConfig.IdStrategy.RANDOM)
        .auth(AuthConfig.builder().keys(KeySource.hs256(SECRET)).issuer(ISSUER).audience(AUDIENCE).build())
        .build()).start()) {
      assertThat(run("publish", "--url", random.url().toString(), "--topic", "https://example.com/cli",
          "--jwt", publisherToken("*"))).as(err.toString()).isZero();
      // urn:uuid: and a UUIDv4 (version nibble 4): the hub's --ids random, not a time-ordered UUIDv7.
      assertThat(out.toString().strip()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
  }

  @Test
  void everyRefusalStatusHasAStepToTake() {
    for (int status : new int[] {400, 401, 403, 413, 503}) {
      assertThat(PublishCommand.whatToDo(status)).as("status %d", status).isNotEqualTo(PublishCommand.whatToDo(599));
    }
    assertThat(PublishCommand.failure(dev.sluice.publisher.PublishException.of(413, "Content Too Large", 1, null),
        java.net.URI.create(url()))).isEqualTo("413 Content Too Large (send less --data: the update is larger than "
            + "the hub accepts)");
    assertThat(PublishCommand.failure(dev.sluice.publisher.PublishException.of(503,
        "update not stored: storage did not answer in time", 1, null), java.net.URI.create(url())))
        .isEqualTo("503 update not stored: storage did not answer in time (the hub could not store it now; "
            + "try again, and check its /healthz)");
  }

  @Test
  void aFieldTheHubWouldRefuseIsBadUsageBeforeAnyRequest() {
    assertThat(run("publish", "--url", url(), "--topic", "https://example.com/cli", "--id", "#x")).isEqualTo(2);
    assertThat(err.toString()).startsWith("sluice publish: id must not start with '#'")
        .endsWith("(see 'sluice publish --help')\n").hasLineCount(1);
  }

  @Test
  void unreachableOrUnknownHubsAreSaidInWordsNeverNull() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertThat(run("publish", "--url", "http://127.0.0.1:" + closed + "/.well-known/mercure", "--topic", "t"))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith("sluice publish: cannot reach http://127.0.0.1:" + closed)
        .endsWith("; is a hub running there? check --url\n").doesNotContain("null").hasLineCount(1);

    err.getBuffer().setLength(0);
    assertThat(run("publish", "--url", "http://nonsense.invalid/.well-known/mercure", "--topic", "t")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("sluice publish: cannot reach http://nonsense.invalid/.well-known/mercure: "
        + "unknown host nonsense.invalid; check --url\n");
  }

  @Test
  void serveBannerExportsTokensUnderTheNamesPublishAndTheReadmeUse() throws Exception {
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    HubSettings settings = HubSettings.resolve(java.util.Map.of(HubOption.PORT, "0", HubOption.BIND, "127.0.0.1",
        HubOption.STORE, "memory"), java.util.Map.of());
    try (Hub dev = HubLauncher.launch(settings, new java.io.PrintStream(printed, true, "UTF-8"), server -> { })) {
      String banner = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
      java.util.regex.Matcher publisher = java.util.regex.Pattern
          .compile("(?m)^  export PUBLISHER_TOKEN='([^']+)'$").matcher(banner);
      assertThat(publisher.find()).as(banner).isTrue();
      assertThat(banner).containsPattern("(?m)^  export SUBSCRIBER_TOKEN='[^']+'$")
          .contains("$SUBSCRIBER_TOKEN", "./sluice publish --url " + dev.url());
      java.nio.file.Path readme = java.nio.file.Path.of("../README.md");
      assertThat(java.nio.file.Files.readString(readme)).contains("$PUBLISHER_TOKEN", "$SUBSCRIBER_TOKEN");

      assertThat(run("publish", "--url", dev.url().toString(), "--topic", "https://example.com/t",
          "--jwt", publisher.group(1))).as(err.toString()).isZero();
    }
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
