package dev.sluice.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.hub.auth.TrustedIssuer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code sluice token}: what it prints is accepted by real hubs on loopback, both a strict 1.0 hub
 * and one configured as docs/migrating-from-mercure.md says (compatibility mode 8).
 */
class TokenCommandTest {
  private static final String SECRET = "sluice-token-tests-secret-of-at-least-32-bytes!";
  private static final String ISSUER = "https://app.sluice.test";
  private static final String AUDIENCE = "https://hub.sluice.test/.well-known/mercure";
  private static final String TOPIC = "https://example.com/books/1";

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = SluiceCommand.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exit = command.execute(args);
    return new Run(exit, out.toString().strip(), err.toString().strip());
  }

  private static String token(String... args) {
    Run run = run(args);
    assertThat(run.exit()).as(run.err()).isZero();
    return run.out();
  }

  private static Hub hub(UnaryOperator<HubConfig.Builder> config) {
    return Hub.create(config.apply(HubConfig.builder().port(0).bindAddress("127.0.0.1")
        .store(HubConfig.Store.MEMORY)).build()).start();
  }

  /** {@code sluice publish} with {@code token} to {@code hub}; returns the exit code. */
  private static int publish(Hub hub, String token, String topic) {
    return run("publish", "--url", "http://127.0.0.1:" + hub.port() + "/.well-known/mercure",
        "--topic", topic, "--data", "x", "--jwt", token).exit();
  }

  private static String[] args(String... extra) {
    List<String> all = new ArrayList<>(List.of("token", "--key", SECRET));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  @Test
  void mintsA10TokenAStrictHubAccepts() {
    try (Hub hub = hub(c -> c.auth(AuthConfig.builder().keys(KeySource.hs256(SECRET)).issuer(ISSUER)
        .audience(AUDIENCE).build()))) {
      String token = token(args("--iss", ISSUER, "--aud", AUDIENCE, "--publish", TOPIC));
      assertThat(header(token)).contains("\"typ\":\"at+jwt\"", "\"alg\":\"HS256\"");
      assertThat(claims(token)).contains("\"iss\":\"" + ISSUER + "\"", "\"aud\":\"" + AUDIENCE + "\"",
          "\"exp\":", "\"iat\":", "\"jti\":", "\"client_id\":", "\"sub\":",
          "\"type\":\"https://mercure.rocks/authorization-detail\"");
      assertThat(publish(hub, token, TOPIC)).isZero();
      assertThat(publish(hub, token, "https://example.com/books/2")).isEqualTo(1); // 403
      String pattern = token(args("--iss", ISSUER, "--aud", AUDIENCE,
          "--publish-urlpattern", "https://example.com/books/:id"));
      assertThat(publish(hub, pattern, "https://example.com/books/2")).isZero();
      String other = token(args("--iss", "https://someone-else.test", "--aud", AUDIENCE, "--publish", "*"));
      assertThat(publish(hub, other, TOPIC)).isEqualTo(1); // 401: not a trusted issuer
    }
  }

  @Test
  void legacyTokensWorkWithAHubConfiguredAsTheMigrationGuideSays() {
    // docs/migrating-from-mercure.md: the old key, --audience and --protocol-version-compatibility 8.
    try (Hub hub = hub(c -> c.protocolVersionCompatibility(8)
        .auth(AuthConfig.builder().keys(KeySource.hs256(SECRET)).audience(AUDIENCE).build()))) {
      String legacy = token(args("--legacy", "--publish", "*"));
      assertThat(claims(legacy)).contains("\"mercure\":{\"publish\":[\"*\"]}").doesNotContain("authorization_details");
      assertThat(publish(hub, legacy, TOPIC)).isZero();
      String modern = token(args("--iss", ISSUER, "--aud", AUDIENCE, "--publish", "*"));
      assertThat(publish(hub, modern, TOPIC)).isZero();
    }
  }

  @Test
  void signsWithEd25519() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
    String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    try (Hub hub = hub(c -> c.auth(AuthConfig.builder().audience(AUDIENCE)
        .trustedIssuer(TrustedIssuer.of(ISSUER, KeySource.of("EdDSA", publicPem))).build()))) {
      String token = token("token", "--alg", "EdDSA", "--key", privatePem, "--iss", ISSUER,
          "--aud", AUDIENCE, "--publish", "*");
      assertThat(header(token)).contains("\"alg\":\"EdDSA\"");
      assertThat(publish(hub, token, TOPIC)).isZero();
      String hmac = token(args("--iss", ISSUER, "--aud", AUDIENCE, "--publish", "*"));
      assertThat(publish(hub, hmac, TOPIC)).isEqualTo(1); // HS256 is not this issuer's algorithm.
    }
  }

  @Test
  void badUsageIsExitTwoWithOneLine() {
    for (String[] bad : List.of(
        args("--publish", "*"), // 1.0 without --iss/--aud
        args("--iss", ISSUER, "--aud", AUDIENCE), // grants nothing
        args("--iss", ISSUER, "--aud", AUDIENCE, "--publish", "*", "--ttl", "soon"),
        args("--iss", ISSUER, "--aud", AUDIENCE, "--subscribe", "*", "--payload", "[1]"),
        args("--iss", ISSUER, "--aud", AUDIENCE, "--publish", "*", "--alg", "none"),
        new String[] {"token", "--key", "short", "--iss", ISSUER, "--aud", AUDIENCE, "--publish", "*"})) {
      Run run = run(bad);
      assertThat(run.exit()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(run.err()).startsWith("sluice token: ").hasLineCount(1);
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void payloadAndSubjectGoIntoTheToken() {
    String token = token(args("--iss", ISSUER, "--aud", AUDIENCE, "--sub", "user-42",
        "--subscribe", TOPIC, "--payload", "{\"name\":\"Ada\"}", "--ttl", "15m"));
    assertThat(claims(token)).contains("\"sub\":\"user-42\"", "\"payload\":{\"name\":\"Ada\"}",
        "\"actions\":[\"subscribe\"]");
  }

  private static String header(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), UTF_8);
  }

  private static String claims(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), UTF_8);
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8))
        .encodeToString(der) + "\n-----END " + label + "-----\n";
  }
}
