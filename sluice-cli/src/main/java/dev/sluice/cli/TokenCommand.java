package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.hub.auth.TokenMinter;
import dev.sluice.hub.auth.TokenSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice token}: prints a signed access token, the way the reference hub's
 * {@code mercure token} does. By default a Mercure 1.0 token (header {@code typ: at+jwt}; claims
 * {@code iss}, {@code aud}, {@code sub}, {@code client_id}, {@code iat}, {@code exp}, {@code jti}
 * and {@code authorization_details}); with {@code --legacy} the pre-1.0 {@code mercure} claim, for
 * hubs in compatibility mode 8. Exit 0 with the token on stdout; 2 with one line for bad usage.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {"Print a signed access token for a Mercure hub (a 1.0 token by default).",
        "Example: sluice token --key \"$SLUICE_JWT_KEY\" --iss https://app.example.com \\",
        "  --aud https://hub.example.com/.well-known/mercure --publish '*'"},
    sortOptions = false)
final class TokenCommand implements Callable<Integer> {
  static final Duration DEFAULT_TTL = Duration.ofHours(1);

  @Option(names = "--key", paramLabel = "KEY",
      description = "HS* secret, or a PKCS#8 PRIVATE KEY PEM (inline or a file path) for RS*, ES*, EdDSA"
          + " (default: $SLUICE_JWT_KEY).")
  String key = System.getenv("SLUICE_JWT_KEY");

  @Option(names = "--alg", paramLabel = "ALG",
      description = "Signature algorithm: HS256 (default), HS384, HS512, RS256, RS384, RS512, ES256,"
          + " ES384, ES512 or EdDSA.")
  String algorithm = "HS256";

  @Option(names = "--kid", paramLabel = "KID", description = "The kid header, when the hub has several keys.")
  String keyId;

  @Option(names = "--iss", paramLabel = "ISSUER",
      description = "The iss claim: one of the hub's trusted issuers (its --issuer). Required for 1.0 tokens.")
  String issuer;

  @Option(names = "--aud", paramLabel = "AUDIENCE",
      description = "The aud claim: the hub's resource identifier (its --audience, by default its URL)."
          + " Required for 1.0 tokens.")
  String audience;

  @Option(names = "--sub", paramLabel = "SUBJECT", description = "The sub claim (default: the client id).")
  String subject;

  @Option(names = "--client-id", paramLabel = "ID", description = "The client_id claim (default: the issuer).")
  String clientId;

  @Option(names = "--ttl", paramLabel = "DURATION", description = "Lifetime, e.g. 15m, 1h, 30d (default: 1h).")
  String ttl = Durations.format(DEFAULT_TTL);

  @Option(names = "--publish", paramLabel = "TOPIC",
      description = "Exact topic (or *) the token may publish on; repeatable.")
  List<String> publish = new ArrayList<>();

  @Option(names = "--publish-urlpattern", paramLabel = "PATTERN",
      description = "URL pattern the token may publish on; repeatable.")
  List<String> publishPatterns = new ArrayList<>();

  @Option(names = "--subscribe", paramLabel = "TOPIC",
      description = "Exact topic (or *) whose private updates the token may receive; repeatable.")
  List<String> subscribe = new ArrayList<>();

  @Option(names = "--subscribe-urlpattern", paramLabel = "PATTERN",
      description = "URL pattern whose private updates the token may receive; repeatable.")
  List<String> subscribePatterns = new ArrayList<>();

  @Option(names = "--payload", paramLabel = "JSON",
      description = "A JSON object given to the subscriber's subscriptions (subscribe tokens).")
  String payload;

  @Option(names = "--legacy",
      description = "Write the pre-1.0 mercure claim (for a hub with --protocol-version-compatibility 8).")
  boolean legacy;

  @picocli.CommandLine.Spec
  private picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try {
      spec.commandLine().getOut().println(mint(Instant.now()));
      spec.commandLine().getOut().flush();
      return SluiceCommand.ExitCodes.OK;
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("sluice token: " + e.getMessage());
      return SluiceCommand.ExitCodes.USAGE;
    }
  }

  String mint(Instant now) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("no key: give --key or set SLUICE_JWT_KEY");
    }
    if (publish.isEmpty() && subscribe.isEmpty() && publishPatterns.isEmpty() && subscribePatterns.isEmpty()) {
      throw new IllegalArgumentException("grants nothing: give --publish or --subscribe (or their -urlpattern forms)");
    }
    if (!legacy && (empty(issuer) || empty(audience))) {
      throw new IllegalArgumentException("a Mercure 1.0 token needs --iss and --aud"
          + " (or --legacy for a hub in compatibility mode 8)");
    }
    Duration lifetime;
    try {
      lifetime = Durations.parse(ttl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--ttl must be a duration such as 15m, 1h, 30d: " + ttl);
    }
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("--ttl must be positive: " + ttl);
    }
    TokenSpec.Builder token = TokenSpec.builder().issuedAt(now).expiresAt(now.plus(lifetime));
    if (!empty(issuer)) {
      token.issuer(issuer);
    }
    if (!empty(audience)) {
      token.audience(audience);
    }
    String client = !empty(clientId) ? clientId : issuer;
    if (!legacy) {
      token.clientId(client).subject(!empty(subject) ? subject : client)
          .jwtId("urn:uuid:" + UUID.randomUUID());
    } else if (!empty(subject)) {
      token.subject(subject);
    }
    if (!publish.isEmpty() || !publishPatterns.isEmpty()) {
      token.publish(publish.toArray(String[]::new)).publishUrlPattern(publishPatterns.toArray(String[]::new));
    }
    if (!subscribe.isEmpty() || !subscribePatterns.isEmpty()) {
      token.subscribe(subscribe.toArray(String[]::new)).subscribeUrlPattern(subscribePatterns.toArray(String[]::new));
    }
    if (payload != null) {
      token.payload(payloadObject(payload));
    }
    if (legacy) {
      if (!publishPatterns.isEmpty() || !subscribePatterns.isEmpty()) {
        throw new IllegalArgumentException("--legacy tokens have no URL patterns (use URI templates in --publish/--subscribe)");
      }
      token.legacyClaim();
    }
    return minter().mint(token.build());
  }

  private TokenMinter minter() {
    boolean hmac = algorithm.trim().toUpperCase(Locale.ROOT).startsWith("HS");
    try {
      return TokenMinter.of(algorithm, hmac ? key : pem(key), empty(keyId) ? null : keyId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--key: " + e.getMessage());
    }
  }

  /** A PEM given inline or as a path to a file. */
  private static String pem(String value) {
    if (value.contains("-----BEGIN")) {
      return value;
    }
    try {
      return Files.readString(Path.of(value));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--key: not a PEM and not a readable file: " + value);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> payloadObject(String json) {
    try {
      Object value = new ObjectMapper().readValue(json, Object.class);
      if (!(value instanceof Map)) {
        throw new IllegalArgumentException("--payload must be a JSON object: " + json);
      }
      return (Map<String, Object>) value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("--payload is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
