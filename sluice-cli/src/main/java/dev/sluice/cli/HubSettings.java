package dev.sluice.cli;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.DevelopmentKeys;
import dev.sluice.hub.auth.JwksOptions;
import dev.sluice.hub.auth.KeySource;
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

/**
 * The values of every {@link HubOption}, resolved from flags, environment and an optional file,
 * and turned into a {@link HubConfig}. Bad values fail with an {@link IllegalArgumentException}
 * whose message names the option, for a one-line CLI error.
 */
final class HubSettings {
  private final Map<HubOption, String> values;

  private HubSettings(Map<HubOption, String> values) {
    this.values = values;
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
    String configFile = flags.getOrDefault(HubOption.CONFIG,
        environment.getOrDefault(HubOption.CONFIG.environmentVariable(), ""));
    if (!configFile.isEmpty()) {
      readFile(Path.of(configFile), values);
    }
    for (HubOption option : HubOption.values()) {
      String fromEnv = environment.get(option.environmentVariable());
      if (fromEnv != null) {
        values.put(option, fromEnv);
      }
    }
    values.putAll(flags);
    return new HubSettings(values);
  }

  private static void readFile(Path file, Map<HubOption, String> values) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("--config: cannot read " + file + ": " + e.getMessage());
    }
    for (String name : properties.stringPropertyNames()) {
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
    return !get(HubOption.JWT_KEY).isEmpty() || !get(HubOption.PUBLISHER_JWT_KEY).isEmpty()
        || !get(HubOption.SUBSCRIBER_JWT_KEY).isEmpty() || !get(HubOption.JWKS_URL).isEmpty();
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
        .publishOrigins(list(HubOption.PUBLISH_ORIGINS));
    if (!get(HubOption.AUDIENCE).isEmpty()) {
      auth.audience(get(HubOption.AUDIENCE));
    }
    if (!get(HubOption.ISSUER).isEmpty()) {
      auth.issuer(get(HubOption.ISSUER));
    }
    if (!hasKeys()) {
      DevelopmentKeys dev = devKeys.orElseThrow(() ->
          new IllegalArgumentException("no key configured: set --jwt-key or --jwks-url"));
      return auth.keys(dev.keySource()).build();
    }
    if (!get(HubOption.JWKS_URL).isEmpty()) {
      auth.keys(KeySource.jwks(JwksOptions.builder(URI.create(get(HubOption.JWKS_URL))).build()));
    }
    String both = get(HubOption.JWT_KEY);
    String publisher = get(HubOption.PUBLISHER_JWT_KEY).isEmpty() ? both : get(HubOption.PUBLISHER_JWT_KEY);
    String subscriber = get(HubOption.SUBSCRIBER_JWT_KEY).isEmpty() ? both : get(HubOption.SUBSCRIBER_JWT_KEY);
    if (!publisher.isEmpty()) {
      auth.publisherKeys(key(HubOption.PUBLISHER_JWT_KEY, publisher));
    }
    if (!subscriber.isEmpty()) {
      auth.subscriberKeys(key(HubOption.SUBSCRIBER_JWT_KEY, subscriber));
    }
    try {
      return auth.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("keys: " + e.getMessage());
    }
  }

  private KeySource key(HubOption option, String value) {
    String algorithm = get(HubOption.JWT_ALGORITHM).toUpperCase(Locale.ROOT);
    try {
      switch (algorithm) {
        case "HS256":
          return KeySource.hs256(value);
        case "RS256":
          return KeySource.rs256(pem(value));
        case "ES256":
          return KeySource.es256(pem(value));
        default:
          throw new IllegalArgumentException("--jwt-algorithm must be HS256, RS256 or ES256: " + algorithm);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option.flag() + ": " + e.getMessage());
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
