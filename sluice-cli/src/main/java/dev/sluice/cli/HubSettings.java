package dev.sluice.cli;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.DevelopmentKeys;
import dev.sluice.hub.auth.JwksOptions;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.hub.auth.TrustedIssuer;
import dev.sluice.hub.FsyncPolicy;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.spi.Retention;
import dev.sluice.server.IoTransport;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The values of every {@link HubOption}, resolved from flags, environment and an optional file,
 * and turned into a {@link HubConfig}. Bad values fail with an {@link IllegalArgumentException}
 * whose message names the option, for a one-line CLI error.
 */
final class HubSettings {
  /** Config-file keys of one more trusted issuer: {@code issuer.<name>.<setting>}. */
  static final String ISSUER_PREFIX = "issuer.";
  private static final List<String> ISSUER_SETTINGS =
      List.of("id", "jwt-key", "publisher-jwt-key", "subscriber-jwt-key", "jwks-url", "algorithm");

  /** Strict mode with keys but no issuer: one line saying what to add. */
  static final String MISSING_ISSUER = "Mercure 1.0 tokens must name a trusted issuer: add"
      + " --issuer <the iss of your tokens> (or issuer.<name>.id and .jwt-key in --config),"
      + " or accept pre-1.0 tokens with --protocol-version-compatibility 8";

  private final Map<HubOption, String> values;
  private final Map<String, Map<String, String>> issuerBlocks; // name -> setting -> value

  private HubSettings(Map<HubOption, String> values, Map<String, Map<String, String>> issuerBlocks) {
    this.values = values;
    this.issuerBlocks = issuerBlocks;
  }

  /**
   * Resolves settings: {@code flags} (already parsed) over {@code environment} over the file named
   * by the {@code config} setting over defaults.
   */
  public static HubSettings resolve(Map<HubOption, String> flags, Map<String, String> environment) {
    Map<HubOption, String> values = new EnumMap<>(HubOption.class);
    for (HubOption option : HubOption.values()) {
      values.put(option, option.defaultValue());
    }
    Map<String, Map<String, String>> issuers = new TreeMap<>();
    String configFile = flags.getOrDefault(HubOption.CONFIG,
        environment.getOrDefault(HubOption.CONFIG.environmentVariable(), ""));
    if (!configFile.isEmpty()) {
      readFile(Path.of(configFile), values, issuers);
    }
    for (HubOption option : HubOption.values()) {
      String fromEnv = environment.get(option.environmentVariable());
      if (fromEnv != null) {
        values.put(option, fromEnv);
      }
    }
    values.putAll(flags);
    return new HubSettings(values, issuers);
  }

  private static void readFile(Path file, Map<HubOption, String> values,
      Map<String, Map<String, String>> issuers) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("--config: cannot read " + file + ": " + e.getMessage());
    }
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(ISSUER_PREFIX)) {
        int dot = name.lastIndexOf('.');
        String block = dot > ISSUER_PREFIX.length() ? name.substring(ISSUER_PREFIX.length(), dot) : "";
        String setting = name.substring(dot + 1);
        if (block.isEmpty() || block.contains(".") || !ISSUER_SETTINGS.contains(setting)) {
          throw new IllegalArgumentException("--config: unknown setting in " + file + ": " + name
              + " (issuer blocks are issuer.<name>." + String.join("|", ISSUER_SETTINGS) + ")");
        }
        issuers.computeIfAbsent(block, b -> new TreeMap<>()).put(setting, properties.getProperty(name).trim());
        continue;
      }
      HubOption option = byName(name).orElseThrow(() ->
          new IllegalArgumentException("--config: unknown setting in " + file + ": " + name));
      values.put(option, properties.getProperty(name).trim());
    }
  }

  /** The option with this flag name ({@code data-dir}), if any. */
  public static Optional<HubOption> byName(String name) {
    return Arrays.stream(HubOption.values()).filter(o -> o.flagName().equals(name)).findFirst();
  }

  public String get(HubOption option) {
    return values.get(option);
  }

  /** Whether any key (or JWKS URL) is configured; without one the CLI makes a development key. */
  public boolean hasKeys() {
    return hasFlagKeys() || !issuerBlocks.isEmpty();
  }

  private boolean hasFlagKeys() {
    return !get(HubOption.JWT_KEY).isEmpty() || !get(HubOption.PUBLISHER_JWT_KEY).isEmpty()
        || !get(HubOption.SUBSCRIBER_JWT_KEY).isEmpty() || !get(HubOption.JWKS_URL).isEmpty();
  }

  /**
   * The hub's resource identifier: {@code --audience}, else the URL the hub will have,
   * {@code http://<bind>:<port>/.well-known/mercure} (what {@code Hub} defaults to as well).
   */
  public String resourceIdentifier() {
    String audience = get(HubOption.AUDIENCE).trim();
    return !audience.isEmpty() ? audience
        : "http://" + get(HubOption.BIND) + ":" + integer(HubOption.PORT, 0, 65_535) + "/.well-known/mercure";
  }

  private boolean compatibility() {
    return !get(HubOption.PROTOCOL_VERSION_COMPATIBILITY).isEmpty();
  }

  /** The hub configuration; {@code devKeys} is used when no key is configured. */
  public HubConfig toConfig(Optional<DevelopmentKeys> devKeys) {
    HubConfig.Builder config = HubConfig.builder()
        .port(integer(HubOption.PORT, 0, 65_535))
        .bindAddress(get(HubOption.BIND))
        .dataDir(Path.of(get(HubOption.DATA_DIR)))
        .store(choice(HubOption.STORE, HubConfig.Store.class))
        .retention(new Retention(integer(HubOption.HISTORY_SIZE, 0, Integer.MAX_VALUE),
            duration(HubOption.HISTORY_AGE)))
        .ids(get(HubOption.IDS).equalsIgnoreCase("random")
            ? HubConfig.IdStrategy.RANDOM : checkedUuid7())
        .subscriptionEvents(bool(HubOption.SUBSCRIPTIONS))
        .corsOrigins(list(HubOption.CORS_ORIGINS))
        .heartbeat(duration(HubOption.HEARTBEAT))
        .maxMatchers(integer(HubOption.MAX_MATCHERS, 1, 10_000));
    try {
      config.fsync(fsync(get(HubOption.FSYNC)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--fsync: " + e.getMessage());
    }
    try {
      IoTransport io = IoTransport.parse(get(HubOption.IO_TRANSPORT));
      if (io != IoTransport.AUTO) {
        config.ioTransport(io); // auto leaves the server's default, which -Dsluice.server.ioTransport may set.
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(HubOption.IO_TRANSPORT.flag() + ": " + e.getMessage());
    }
    if (!get(HubOption.TRANSPORT).isEmpty()) {
      config.transport(URI.create(get(HubOption.TRANSPORT)));
    }
    if (!get(HubOption.PROTOCOL_VERSION_COMPATIBILITY).isEmpty()) {
      String version = get(HubOption.PROTOCOL_VERSION_COMPATIBILITY).trim();
      if (!version.equals("8")) {
        throw new IllegalArgumentException(
            HubOption.PROTOCOL_VERSION_COMPATIBILITY.flag() + " must be 8, not: " + version);
      }
      config.protocolVersionCompatibility(8);
    }
    if (!get(HubOption.MANAGEMENT_PORT).isEmpty()) {
      config.managementPort(integer(HubOption.MANAGEMENT_PORT, 0, 65_535))
          .managementBindAddress(get(HubOption.MANAGEMENT_BIND));
    }
    config.auth(auth(devKeys));
    return config.build();
  }

  /** Parses {@code batch}, {@code os} or {@code interval:<duration>} ({@code 100ms}, {@code 1s}). */
  static FsyncPolicy fsync(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("batch")) {
      return FsyncPolicy.BATCH;
    }
    if (value.equals("os")) {
      return FsyncPolicy.OS;
    }
    if (value.startsWith("interval:")) {
      return FsyncPolicy.interval(Durations.parse(value.substring("interval:".length())));
    }
    throw new IllegalArgumentException(
        "fsync policy must be batch, os or interval:<duration>, not: " + text);
  }

  private AuthConfig auth(Optional<DevelopmentKeys> devKeys) {
    AuthConfig.Builder auth = AuthConfig.builder()
        .anonymousSubscribers(bool(HubOption.ALLOW_ANONYMOUS))
        .publishOrigins(list(HubOption.PUBLISH_ORIGINS))
        .audience(resourceIdentifier());
    try {
      auth.cookieName(get(HubOption.COOKIE_NAME).trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(HubOption.COOKIE_NAME.flag() + ": " + e.getMessage());
    }
    if (!hasKeys()) {
      DevelopmentKeys dev = devKeys.orElseThrow(() ->
          new IllegalArgumentException("no key configured: set --jwt-key or --jwks-url"));
      return auth.trustedIssuer(dev.trustedIssuer()).build();
    }
    for (Map.Entry<String, Map<String, String>> block : issuerBlocks.entrySet()) {
      auth.trustedIssuer(issuer(block.getKey(), block.getValue()));
    }
    if (!hasFlagKeys()) {
      return auth.build();
    }
    if (!get(HubOption.ISSUER).isEmpty()) {
      auth.issuer(get(HubOption.ISSUER).trim());
    } else if (!compatibility()) {
      throw new IllegalArgumentException(MISSING_ISSUER);
    }
    if (!get(HubOption.JWKS_URL).isEmpty()) {
      auth.keys(KeySource.jwks(JwksOptions.builder(URI.create(get(HubOption.JWKS_URL))).build()));
    }
    String both = get(HubOption.JWT_KEY);
    String publisher = get(HubOption.PUBLISHER_JWT_KEY).isEmpty() ? both : get(HubOption.PUBLISHER_JWT_KEY);
    String subscriber = get(HubOption.SUBSCRIBER_JWT_KEY).isEmpty() ? both : get(HubOption.SUBSCRIBER_JWT_KEY);
    // A bad key is reported under the option the user set, not the one it was copied into.
    if (!publisher.isEmpty()) {
      auth.publisherKeys(key(givenAs(HubOption.PUBLISHER_JWT_KEY), publisher));
    }
    if (!subscriber.isEmpty()) {
      auth.subscriberKeys(key(givenAs(HubOption.SUBSCRIBER_JWT_KEY), subscriber));
    }
    try {
      return auth.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("keys: " + e.getMessage());
    }
  }

  /** {@code specific} when it is set, else {@code --jwt-key}, whose value it falls back to. */
  private HubOption givenAs(HubOption specific) {
    return get(specific).isEmpty() ? HubOption.JWT_KEY : specific;
  }

  private KeySource key(HubOption option, String value) {
    return key(option.flag(), get(HubOption.JWT_ALGORITHM), value);
  }

  private static KeySource key(String where, String algorithm, String value) {
    boolean hmac = algorithm.trim().toUpperCase(Locale.ROOT).startsWith("HS");
    try {
      return KeySource.of(algorithm.trim(), hmac ? value : pem(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  /** One {@code issuer.<name>.*} block of the config file. */
  private static TrustedIssuer issuer(String name, Map<String, String> block) {
    String where = "--config issuer." + name;
    String id = block.getOrDefault("id", "");
    if (id.isEmpty()) {
      throw new IllegalArgumentException(where + ".id is missing");
    }
    String algorithm = block.getOrDefault("algorithm", "HS256");
    String both = block.getOrDefault("jwt-key", "");
    String pub = block.getOrDefault("publisher-jwt-key", both);
    String sub = block.getOrDefault("subscriber-jwt-key", both);
    String jwks = block.getOrDefault("jwks-url", "");
    if (!jwks.isEmpty() && !(pub.isEmpty() && sub.isEmpty())) {
      throw new IllegalArgumentException(where + ": give jwt-key or jwks-url, not both");
    }
    try {
      if (!jwks.isEmpty()) {
        return TrustedIssuer.of(id, KeySource.jwks(JwksOptions.builder(URI.create(jwks)).build()));
      }
      if (pub.isEmpty() && sub.isEmpty()) {
        throw new IllegalArgumentException("has no jwt-key or jwks-url");
      }
      return TrustedIssuer.of(id, pub.isEmpty() ? null : key(where, algorithm, pub),
          sub.isEmpty() ? null : key(where, algorithm, sub));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith(where) ? e.getMessage()
          : where + ": " + e.getMessage());
    }
  }

  /** A PEM given inline or as a path to a file. */
  private static String pem(String value) {
    if (value.contains("-----BEGIN")) {
      return value;
    }
    try {
      return Files.readString(Path.of(value));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read PEM file " + value);
    }
  }

  private HubConfig.IdStrategy checkedUuid7() {
    String ids = get(HubOption.IDS).toLowerCase(Locale.ROOT);
    if (!ids.equals("uuid7")) {
      throw new IllegalArgumentException("--ids must be uuid7 or random: " + ids);
    }
    return HubConfig.IdStrategy.UUID_V7;
  }

  private int integer(HubOption option, int min, int max) {
    try {
      int value = Integer.parseInt(get(option).trim());
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option.flag() + " must be a whole number from " + min
          + " to " + max + ": " + get(option));
    }
  }

  private Duration duration(HubOption option) {
    try {
      Duration value = Durations.parse(get(option));
      if (value.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option.flag() + " must be a duration such as 30s, 5m, 7d: "
          + get(option));
    }
  }

  private boolean bool(HubOption option) {
    String value = get(option).trim().toLowerCase(Locale.ROOT);
    if (value.equals("true") || value.equals("1") || value.equals("yes")) {
      return true;
    }
    if (value.equals("false") || value.equals("0") || value.equals("no")) {
      return false;
    }
    throw new IllegalArgumentException(option.flag() + " must be true or false: " + get(option));
  }

  private <E extends Enum<E>> E choice(HubOption option, Class<E> type) {
    try {
      return Enum.valueOf(type, get(option).trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option.flag() + " must be one of "
          + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ": " + get(option));
    }
  }

  private List<String> list(HubOption option) {
    String value = get(option).trim();
    return value.isEmpty() ? List.of()
        : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
