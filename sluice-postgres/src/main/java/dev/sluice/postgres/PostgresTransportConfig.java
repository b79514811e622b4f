package dev.sluice.postgres;

import dev.sluice.hub.spi.Retention;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a node reaches PostgreSQL and where the log lives. Immutable; build with
 * {@link #builder(URI)} or parse a transport URI with {@link #parse(URI, Retention)}.
 *
 * <h3>Transport URI</h3>
 * <pre>
 * postgresql://[user[:password]@]host[:port]/database[?schema=sluice&amp;poolSize=4&amp;timeout=2s&amp;poll=500ms]
 * </pre>
 * {@code postgres://} is accepted as well, as libpq and most tools accept it.
 * {@code schema}, {@code poolSize}, {@code timeout} and {@code poll} are Sluice's; any other
 * parameter ({@code sslmode=verify-full}, {@code sslrootcert=…}) is handed to the PostgreSQL JDBC
 * driver as a connection property. A password may also come from the
 * {@value #PASSWORD_ENV} environment variable, so it stays out of process listings. The password
 * is never logged: {@link #safeUri()} has no credentials.
 */
public final class PostgresTransportConfig {
  /** Default schema: tables {@code sluice.updates}, {@code sluice.log_state}; {@code sluice.publish(…)}. */
  public static final String DEFAULT_SCHEMA = "sluice";
  /**
   * Connections for appends and history reads. A publish holds one for two short statements
   * (insert, then sequence), so four keep a node's publishers from waiting on each other while
   * staying far below PostgreSQL's default {@code max_connections} (100) for a dozen nodes.
   */
  public static final int DEFAULT_POOL_SIZE = 4;
  /** Most updates read, or sequenced, in one statement: a catching-up node reads in pages. */
  public static final int DEFAULT_READ_BATCH = 512;
  /**
   * How often the reader looks for updates without being notified. Notifications are only a
   * wake-up; this bounds how long a lost one (a dropped connection, a full notification queue)
   * can delay delivery.
   */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(500);
  /**
   * Longest a publish or history read waits for a pooled connection before it fails (503); the
   * connect and login timeout is this or 10 s, whichever is longer.
   */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(5);
  /** How often each node applies retention and samples its lag. */
  public static final Duration DEFAULT_MAINTENANCE_INTERVAL = Duration.ofSeconds(1);
  /** Environment variable read for a password the URI does not carry. */
  public static final String PASSWORD_ENV = "SLUICE_POSTGRES_PASSWORD";

  /** Lower-case SQL identifier, short enough for the channel name {@code <schema>_updates}. */
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,40}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  private final String host;
  private final int port;
  private final String database;
  private final Optional<String> user;
  private final Optional<String> password;
  private final Map<String, String> driverProperties;
  private final Retention retention;
  private final String schema;
  private final int poolSize;
  private final int readBatch;
  private final Duration poll;
  private final Duration commandTimeout;
  private final Duration backoffMin;
  private final Duration backoffMax;
  private final Duration maintenanceInterval;

  private PostgresTransportConfig(Builder b) {
    host = b.host;
    port = b.port;
    database = b.database;
    user = Optional.ofNullable(b.user);
    password = Optional.ofNullable(b.password);
    driverProperties = Map.copyOf(b.driverProperties);
    retention = b.retention;
    schema = b.schema;
    poolSize = b.poolSize;
    readBatch = b.readBatch;
    poll = b.poll;
    commandTimeout = b.commandTimeout;
    backoffMin = b.backoffMin;
    backoffMax = b.backoffMax;
    maintenanceInterval = b.maintenanceInterval;
  }

  /** Parses a transport URI; the password falls back to {@value #PASSWORD_ENV}. */
  public static PostgresTransportConfig parse(URI uri, Retention retention) {
    return parse(uri, retention, Optional.ofNullable(System.getenv(PASSWORD_ENV)));
  }

  static PostgresTransportConfig parse(URI uri, Retention retention, Optional<String> envPassword) {
    Builder builder = builder(uri).retention(retention);
    Map<String, String> params = query(uri);
    Optional.ofNullable(params.remove("schema")).ifPresent(builder::schema);
    Optional.ofNullable(params.remove("poolSize")).ifPresent(v -> builder.poolSize(integer("poolSize", v)));
    Optional.ofNullable(params.remove("timeout")).ifPresent(v -> builder.commandTimeout(duration("timeout", v)));
    Optional.ofNullable(params.remove("poll")).ifPresent(v -> builder.poll(duration("poll", v)));
    for (String name : new String[] {"user", "password"}) {
      if (params.containsKey(name)) {
        throw new IllegalArgumentException("put the " + name + " in the URI's user info or "
            + PASSWORD_ENV + ", not in a query parameter");
      }
    }
    builder.driverProperties.putAll(params);
    if (builder.password == null) {
      envPassword.filter(p -> !p.isEmpty()).ifPresent(builder::password);
    }
    return builder.build();
  }

  /** A builder from a {@code postgresql://} URI: host, port, database and credentials. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** The JDBC URL, without credentials (they travel as connection properties). */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + hostAndPort() + "/" + encodeDatabase();
  }

  public String host() { return host; }

  public int port() { return port; }

  public String database() { return database; }

  public Optional<String> user() { return user; }

  public Optional<String> password() { return password; }

  /** Connection properties handed to the driver besides Sluice's own. */
  public Map<String, String> driverProperties() { return driverProperties; }

  public Retention retention() { return retention; }

  public String schema() { return schema; }

  /** The notification channel: {@code <schema>_updates}. */
  public String channel() { return schema + "_updates"; }

  public int poolSize() { return poolSize; }

  public int readBatch() { return readBatch; }

  public Duration poll() { return poll; }

  public Duration commandTimeout() { return commandTimeout; }

  public Duration backoffMin() { return backoffMin; }

  public Duration backoffMax() { return backoffMax; }

  public Duration maintenanceInterval() { return maintenanceInterval; }

  /** The URI without credentials or parameters, for logs, errors and {@code /healthz}. */
  public String safeUri() {
    return "postgresql://" + hostAndPort() + "/" + database;
  }

  private String hostAndPort() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return h + ":" + port;
  }

  private String encodeDatabase() {
    return java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(name, value);
    }
    return params;
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: " + value);
    }
  }

  /** {@code 250ms}, {@code 2s}, {@code 1m}. */
  static Duration duration(String name, String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " is not a duration like 500ms, 2s or 1m: " + value);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  /** Builds a {@link PostgresTransportConfig}. Not thread-safe. */
  public static final class Builder {
    private final String host;
    private final int port;
    private final String database;
    private String user;
    private String password;
    private final Map<String, String> driverProperties = new LinkedHashMap<>();
    private Retention retention = Retention.DEFAULT;
    private String schema = DEFAULT_SCHEMA;
    private int poolSize = DEFAULT_POOL_SIZE;
    private int readBatch = DEFAULT_READ_BATCH;
    private Duration poll = DEFAULT_POLL;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration backoffMin = DEFAULT_BACKOFF_MIN;
    private Duration backoffMax = DEFAULT_BACKOFF_MAX;
    private Duration maintenanceInterval = DEFAULT_MAINTENANCE_INTERVAL;

    private Builder(URI uri) {
      Objects.requireNonNull(uri, "uri");
      String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
      if (!scheme.equals("postgresql") && !scheme.equals("postgres")) { // libpq takes both.
        throw new IllegalArgumentException("not a postgresql:// URI: " + redacted(uri));
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host in " + redacted(uri));
      }
      String path = uri.getPath() == null ? "" : uri.getPath();
      if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
        throw new IllegalArgumentException("no database in " + redacted(uri)
            + " (expected postgresql://host:port/database)");
      }
      host = uri.getHost();
      port = uri.getPort() < 0 ? 5432 : uri.getPort();
      database = path.substring(1);
      String info = uri.getRawUserInfo();
      if (info != null && !info.isEmpty()) {
        int colon = info.indexOf(':');
        String rawUser = colon < 0 ? info : info.substring(0, colon);
        if (!rawUser.isEmpty()) {
          user = URLDecoder.decode(rawUser, StandardCharsets.UTF_8);
        }
        if (colon >= 0) {
          password = URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
        }
      }
    }

    /** The URI with its password replaced, for error messages. */
    private static String redacted(URI uri) {
      String info = uri.getRawUserInfo();
      return info == null || !info.contains(":") ? uri.toString()
          : uri.toString().replace(info, info.substring(0, info.indexOf(':')) + ":***");
    }

    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** A connection property for the driver, e.g. {@code sslmode}. */
    public Builder driverProperty(String name, String value) {
      driverProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder retention(Retention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    public Builder schema(String schema) {
      Objects.requireNonNull(schema, "schema");
      if (!SCHEMA_NAME.matcher(schema).matches()) {
        throw new IllegalArgumentException("schema must be a lower-case SQL name of at most 41 "
            + "characters ([a-z_][a-z0-9_]*): " + schema);
      }
      this.schema = schema;
      return this;
    }

    public Builder poolSize(int poolSize) {
      if (poolSize < 1 || poolSize > 64) {
        throw new IllegalArgumentException("poolSize must be 1 to 64: " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    public Builder readBatch(int readBatch) {
      if (readBatch < 1 || readBatch > 10_000) {
        throw new IllegalArgumentException("readBatch must be 1 to 10000: " + readBatch);
      }
      this.readBatch = readBatch;
      return this;
    }

    public Builder poll(Duration poll) {
      this.poll = positive("poll", poll);
      return this;
    }

    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = positive("timeout", commandTimeout);
      if (commandTimeout.toMillis() < 1000) {
        throw new IllegalArgumentException("timeout must be at least 1s (the driver counts seconds): "
            + commandTimeout);
      }
      return this;
    }

    public Builder backoff(Duration min, Duration max) {
      positive("backoff min", min);
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("backoff max < min: " + max + " < " + min);
      }
      this.backoffMin = min;
      this.backoffMax = max;
      return this;
    }

    public Builder maintenanceInterval(Duration interval) {
      this.maintenanceInterval = positive("maintenanceInterval", interval);
      return this;
    }

    public PostgresTransportConfig build() {
      return new PostgresTransportConfig(this);
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
