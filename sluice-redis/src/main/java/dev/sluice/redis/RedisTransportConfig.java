package dev.sluice.redis;

import dev.sluice.hub.spi.Retention;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * How a node reaches Redis and lays out its keys. Immutable; build with {@link #builder(URI)} or
 * parse a transport URI with {@link #parse(URI, Retention)}.
 *
 * <h3>Transport URI</h3>
 * <pre>
 * redis://[[user]:password@]host[:port][/db][?prefix=sluice&amp;timeout=2s]
 * rediss://…[?verifyPeer=FULL|CA|NONE&amp;caFile=/etc/ssl/redis-ca.pem]
 * </pre>
 * {@code rediss} turns on TLS. {@code verifyPeer} and {@code timeout} are Lettuce's own URI
 * parameters; {@code prefix} and {@code caFile} are Sluice's. A password may also come from the
 * {@code SLUICE_REDIS_PASSWORD} environment variable, so it stays out of process listings.
 */
public final class RedisTransportConfig {
  /** Default key prefix: keys are {@code {sluice}:log}, {@code {sluice}:ids}, {@code {sluice}:n}. */
  public static final String DEFAULT_PREFIX = "sluice";
  /** Most entries one {@code XREAD} returns. */
  public static final int DEFAULT_READ_BATCH = 512;
  /** How long one {@code XREAD BLOCK} waits before asking again (bounds close and stall detection). */
  public static final Duration DEFAULT_READ_BLOCK = Duration.ofSeconds(1);
  /** Longest a command may take before the append fails (the publisher then gets 503). */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(5);
  /** How often each node trims by age and samples its lag. */
  public static final Duration DEFAULT_MAINTENANCE_INTERVAL = Duration.ofSeconds(1);
  /** Environment variable read for a password the URI does not carry. */
  public static final String PASSWORD_ENV = "SLUICE_REDIS_PASSWORD";

  private static final String PREFIX_PARAM = "prefix";
  private static final String CA_FILE_PARAM = "caFile";

  private final URI lettuceUri;
  private final Retention retention;
  private final String prefix;
  private final Optional<Path> caFile;
  private final Optional<String> password;
  private final int readBatch;
  private final Duration readBlock;
  private final Duration commandTimeout;
  private final Duration backoffMin;
  private final Duration backoffMax;
  private final Duration maintenanceInterval;

  private RedisTransportConfig(Builder b) {
    lettuceUri = b.uri;
    retention = b.retention;
    prefix = b.prefix;
    caFile = Optional.ofNullable(b.caFile);
    password = Optional.ofNullable(b.password);
    readBatch = b.readBatch;
    readBlock = b.readBlock;
    commandTimeout = b.commandTimeout;
    backoffMin = b.backoffMin;
    backoffMax = b.backoffMax;
    maintenanceInterval = b.maintenanceInterval;
  }

  /** Parses a transport URI; the password falls back to {@value #PASSWORD_ENV}. */
  public static RedisTransportConfig parse(URI uri, Retention retention) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(retention, "retention");
    return parse(uri, retention, Optional.ofNullable(System.getenv(PASSWORD_ENV)));
  }

  static RedisTransportConfig parse(URI uri, Retention retention, Optional<String> envPassword) {
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("not a redis:// or rediss:// URI: " + uri);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host in " + uri);
    }
    Map<String, String> params = query(uri);
    Builder builder = builder(uri).retention(retention);
    Optional.ofNullable(params.remove(PREFIX_PARAM)).ifPresent(builder::prefix);
    Optional.ofNullable(params.remove(CA_FILE_PARAM)).map(Path::of).ifPresent(builder::caFile);
    StringJoiner rest = new StringJoiner("&");
    params.forEach((k, v) -> rest.add(k + "=" + v));
    builder.uri = URI.create(scheme + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
        + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath())
        + (rest.length() == 0 ? "" : "?" + rest));
    boolean uriHasPassword = uri.getUserInfo() != null && uri.getUserInfo().contains(":");
    if (!uriHasPassword) {
      envPassword.filter(p -> !p.isEmpty()).ifPresent(builder::password);
    }
    return builder.build();
  }

  public static Builder builder(URI uri) {
    Objects.requireNonNull(uri, "uri");
    return new Builder(uri);
  }

  /** The URI handed to Lettuce (Sluice's own parameters removed). */
  public URI lettuceUri() { return lettuceUri; }

  public Retention retention() { return retention; }

  /** The key prefix, used as a Redis Cluster hash tag so all keys share one slot. */
  public String prefix() { return prefix; }

  public String streamKey() { return "{" + prefix + "}:log"; }

  public String idsKey() { return "{" + prefix + "}:ids"; }

  public String counterKey() { return "{" + prefix + "}:n"; }

  /** A PEM file of CA certificates to trust for {@code rediss://}, instead of the JVM's. */
  public Optional<Path> caFile() { return caFile; }

  /** A password set apart from the URI (builder or environment). */
  public Optional<String> password() { return password; }

  public int readBatch() { return readBatch; }

  public Duration readBlock() { return readBlock; }

  public Duration commandTimeout() { return commandTimeout; }

  public Duration backoffMin() { return backoffMin; }

  public Duration backoffMax() { return backoffMax; }

  public Duration maintenanceInterval() { return maintenanceInterval; }

  /** The URI without credentials, for logs and {@code /healthz}. */
  public String safeUri() {
    return lettuceUri.getScheme() + "://" + lettuceUri.getHost()
        + (lettuceUri.getPort() < 0 ? "" : ":" + lettuceUri.getPort())
        + (lettuceUri.getRawPath() == null ? "" : lettuceUri.getRawPath());
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      if (name.equals(PREFIX_PARAM) || name.equals(CA_FILE_PARAM)) {
        value = URLDecoder.decode(value, StandardCharsets.UTF_8);
      }
      params.put(name, value);
    }
    return params;
  }

  /** Builds a {@link RedisTransportConfig}. Not thread-safe. */
  public static final class Builder {
    private URI uri;
    private Retention retention = Retention.DEFAULT;
    private String prefix = DEFAULT_PREFIX;
    private Path caFile;
    private String password;
    private int readBatch = DEFAULT_READ_BATCH;
    private Duration readBlock = DEFAULT_READ_BLOCK;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration backoffMin = DEFAULT_BACKOFF_MIN;
    private Duration backoffMax = DEFAULT_BACKOFF_MAX;
    private Duration maintenanceInterval = DEFAULT_MAINTENANCE_INTERVAL;

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    public Builder retention(Retention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
        throw new IllegalArgumentException("prefix must be non-empty without braces: " + prefix);
      }
      this.prefix = prefix;
      return this;
    }

    public Builder caFile(Path caFile) {
      this.caFile = Objects.requireNonNull(caFile, "caFile");
      return this;
    }

    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    public Builder readBatch(int readBatch) {
      if (readBatch <= 0) {
        throw new IllegalArgumentException("readBatch must be > 0: " + readBatch);
      }
      this.readBatch = readBatch;
      return this;
    }

    public Builder readBlock(Duration readBlock) {
      Objects.requireNonNull(readBlock, "readBlock");
      this.readBlock = positive("readBlock", readBlock);
      return this;
    }

    public Builder commandTimeout(Duration commandTimeout) {
      Objects.requireNonNull(commandTimeout, "commandTimeout");
      this.commandTimeout = positive("commandTimeout", commandTimeout);
      return this;
    }

    public Builder backoff(Duration min, Duration max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      positive("backoff min", min);
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("backoff max < min: " + max + " < " + min);
      }
      this.backoffMin = min;
      this.backoffMax = max;
      return this;
    }

    public Builder maintenanceInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      this.maintenanceInterval = positive("maintenanceInterval", interval);
      return this;
    }

    public RedisTransportConfig build() {
      return new RedisTransportConfig(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be > 0: " + value);
      }
      return value;
    }
  }
}
