package dev.sluice.hub;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.spi.Retention;
import dev.sluice.server.IoTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything a {@link Hub} is configured with. Immutable; build with {@link #builder()}; every
 * default is a documented constant.
 *
 * <pre>{@code
 * HubConfig config = HubConfig.builder()
 *     .port(8080)
 *     .dataDir(Path.of("/var/lib/sluice"))
 *     .retention(new Retention(100_000, Duration.ofDays(7)))
 *     .build();
 * }</pre>
 */
public final class HubConfig {
  public static final int DEFAULT_PORT = 8080;
  /**
   * Loopback, as {@code SseServer.Builder#bindAddress}'s default: a hub reachable from other
   * machines is a decision to make on purpose ({@code 0.0.0.0}, with keys configured).
   */
  public static final String DEFAULT_BIND_ADDRESS = dev.sluice.server.SseServer.DEFAULT_BIND_ADDRESS;
  /** The management server listens on loopback unless told otherwise. */
  public static final String DEFAULT_MANAGEMENT_BIND_ADDRESS = "127.0.0.1";
  public static final Path DEFAULT_DATA_DIR = Path.of("sluice-data");
  public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.BATCH;
  public static final Store DEFAULT_STORE = Store.MVSTORE;
  public static final IdStrategy DEFAULT_IDS = IdStrategy.UUID_V7;
  public static final int DEFAULT_MAX_MATCHERS = 100;
  public static final int DEFAULT_MAX_PATTERN_LENGTH = 4096;
  /** How far back the hub looks for a visible predecessor for {@code Mercure-Last-Event-ID}. */
  public static final int DEFAULT_BACKWARD_SCAN_LIMIT = 1000;
  /** Live updates held for one subscriber while its history replays, before it is dropped. */
  public static final int DEFAULT_MAX_PENDING_PER_SUBSCRIBER = 10_000;
  /** Appends waiting for the store writer before publishers get 503. */
  public static final int DEFAULT_STORE_QUEUE = 65_536;
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);

  /** Which embedded store holds history when no transport is configured. */
  public enum Store { MVSTORE, MEMORY }

  /** How the hub makes event ids. */
  public enum IdStrategy {
    /** {@code urn:uuid:} UUIDv7: time-ordered, handy as event-store cursors. */
    UUID_V7,
    /** {@code urn:uuid:} UUIDv4: opaque, leaks no timing (the draft's privacy note). */
    RANDOM
  }

  private final int port;
  private final String bindAddress;
  private final Path dataDir;
  private final Store store;
  private final Optional<URI> transport;
  private final Retention retention;
  private final FsyncPolicy fsync;
  private final IdStrategy ids;
  private final boolean subscriptionEvents;
  private final List<String> corsOrigins;
  private final int maxMatchers;
  private final int maxPatternLength;
  private final int backwardScanLimit;
  private final int maxPendingPerSubscriber;
  private final int storeQueue;
  private final Duration publishTimeout;
  private final Optional<Duration> heartbeat;
  private final Optional<IoTransport> ioTransport;
  private final Optional<AuthConfig> auth;
  private final Optional<String> publicUrl;
  private final OptionalInt protocolVersionCompatibility;
  private final OptionalInt managementPort;
  private final String managementBindAddress;

  private HubConfig(Builder b) {
    port = b.port;
    bindAddress = b.bindAddress;
    dataDir = b.dataDir;
    store = b.store;
    transport = Optional.ofNullable(b.transport);
    retention = b.retention;
    fsync = b.fsync;
    ids = b.ids;
    subscriptionEvents = b.subscriptionEvents;
    corsOrigins = List.copyOf(b.corsOrigins);
    maxMatchers = b.maxMatchers;
    maxPatternLength = b.maxPatternLength;
    backwardScanLimit = b.backwardScanLimit;
    maxPendingPerSubscriber = b.maxPendingPerSubscriber;
    storeQueue = b.storeQueue;
    publishTimeout = b.publishTimeout;
    heartbeat = Optional.ofNullable(b.heartbeat);
    ioTransport = Optional.ofNullable(b.ioTransport);
    auth = Optional.ofNullable(b.auth);
    publicUrl = Optional.ofNullable(b.publicUrl);
    protocolVersionCompatibility = b.protocolVersionCompatibility;
    managementPort = b.managementPort;
    managementBindAddress = b.managementBindAddress;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    return new Builder(this);
  }

  /** TCP port; 0 picks a free one. Default {@value #DEFAULT_PORT}. */
  public int port() { return port; }

  /** Address to listen on. Default {@value #DEFAULT_BIND_ADDRESS}. */
  public String bindAddress() { return bindAddress; }

  /** Where the MVStore file lives. Default {@code ./sluice-data}. */
  public Path dataDir() { return dataDir; }

  public Store store() { return store; }

  /** A cluster transport URI such as {@code redis://host:6379}; empty uses the embedded store. */
  public Optional<URI> transport() { return transport; }

  public Retention retention() { return retention; }

  /** When the MVStore forces writes to disk. Default {@link FsyncPolicy#BATCH}. */
  public FsyncPolicy fsync() { return fsync; }

  public IdStrategy ids() { return ids; }

  /** Whether subscription events and the subscriptions API are on. Default off. */
  public boolean subscriptionEvents() { return subscriptionEvents; }

  /** Origins allowed to subscribe and publish from browsers; {@code *} for any. */
  public List<String> corsOrigins() { return corsOrigins; }

  public int maxMatchers() { return maxMatchers; }

  public int maxPatternLength() { return maxPatternLength; }

  public int backwardScanLimit() { return backwardScanLimit; }

  public int maxPendingPerSubscriber() { return maxPendingPerSubscriber; }

  public int storeQueue() { return storeQueue; }

  public Duration publishTimeout() { return publishTimeout; }

  /** Heartbeat interval of event streams; empty keeps the server's default. */
  public Optional<Duration> heartbeat() { return heartbeat; }

  /**
   * The server's I/O transport (io_uring, epoll or NIO); empty keeps the server's default
   * ({@link IoTransport#AUTO} unless the {@value IoTransport#PROPERTY} system property says otherwise).
   */
  public Optional<IoTransport> ioTransport() { return ioTransport; }

  /**
   * Keys and token rules. Empty: subscribers are anonymous and nothing can publish (the CLI
   * generates a development key instead).
   */
  public Optional<AuthConfig> auth() { return auth; }

  /**
   * The hub's public URL ({@code https://hub.example/.well-known/mercure}), the base that relative
   * URL patterns and topics resolve against. Default: built from bind address and port.
   */
  public Optional<String> publicUrl() { return publicUrl; }

  /**
   * The pre-1.0 Mercure protocol version the hub deliberately accepts besides 1.0, the meaning of
   * the reference hub's {@code protocol_version_compatibility} directive. Empty (the default): a
   * strict Mercure 1.0 hub. {@code 8}: draft-08 tokens, parameters and cookies are accepted too.
   */
  public OptionalInt protocolVersionCompatibility() { return protocolVersionCompatibility; }

  /**
   * The port of the management server ({@code /metrics}, {@code /healthz} and the web UI with its
   * {@code /ui/stats}), if any; 0 picks a free one. Without it, {@code /metrics} and
   * {@code /ui/stats} are served on the main port only when {@link #bindAddress()} is a loopback
   * address, and not at all otherwise (docs/security.md, "Management endpoints").
   */
  public OptionalInt managementPort() { return managementPort; }

  /** Where the management server listens. Default {@value #DEFAULT_MANAGEMENT_BIND_ADDRESS}. */
  public String managementBindAddress() { return managementBindAddress; }

  /** Builds a {@link HubConfig}. Not thread-safe. */
  public static final class Builder {
    private static final int SUPPORTED_COMPATIBILITY = 8;
    private int port = DEFAULT_PORT;
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private Path dataDir = DEFAULT_DATA_DIR;
    private Store store = DEFAULT_STORE;
    private URI transport;
    private Retention retention = Retention.DEFAULT;
    private FsyncPolicy fsync = DEFAULT_FSYNC;
    private IdStrategy ids = DEFAULT_IDS;
    private boolean subscriptionEvents;
    private List<String> corsOrigins = List.of();
    private int maxMatchers = DEFAULT_MAX_MATCHERS;
    private int maxPatternLength = DEFAULT_MAX_PATTERN_LENGTH;
    private int backwardScanLimit = DEFAULT_BACKWARD_SCAN_LIMIT;
    private int maxPendingPerSubscriber = DEFAULT_MAX_PENDING_PER_SUBSCRIBER;
    private int storeQueue = DEFAULT_STORE_QUEUE;
    private Duration publishTimeout = DEFAULT_PUBLISH_TIMEOUT;
    private Duration heartbeat;
    private IoTransport ioTransport;
    private AuthConfig auth;
    private String publicUrl;
    private OptionalInt protocolVersionCompatibility = OptionalInt.empty();
    private OptionalInt managementPort = OptionalInt.empty();
    private String managementBindAddress = DEFAULT_MANAGEMENT_BIND_ADDRESS;

    private Builder() {}

    private Builder(HubConfig c) {
      port = c.port;
      bindAddress = c.bindAddress;
      dataDir = c.dataDir;
      store = c.store;
      transport = c.transport.orElse(null);
      retention = c.retention;
      fsync = c.fsync;
      ids = c.ids;
      subscriptionEvents = c.subscriptionEvents;
      corsOrigins = c.corsOrigins;
      maxMatchers = c.maxMatchers;
      maxPatternLength = c.maxPatternLength;
      backwardScanLimit = c.backwardScanLimit;
      maxPendingPerSubscriber = c.maxPendingPerSubscriber;
      storeQueue = c.storeQueue;
      publishTimeout = c.publishTimeout;
      heartbeat = c.heartbeat.orElse(null);
      ioTransport = c.ioTransport.orElse(null);
      auth = c.auth.orElse(null);
      publicUrl = c.publicUrl.orElse(null);
      protocolVersionCompatibility = c.protocolVersionCompatibility;
      managementPort = c.managementPort;
      managementBindAddress = c.managementBindAddress;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    public Builder store(Store store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder transport(URI transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    public Builder retention(Retention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    public Builder fsync(FsyncPolicy fsync) {
      this.fsync = Objects.requireNonNull(fsync, "fsync");
      return this;
    }

    public Builder ids(IdStrategy ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    public Builder subscriptionEvents(boolean enabled) {
      this.subscriptionEvents = enabled;
      return this;
    }

    public Builder corsOrigins(List<String> origins) {
      this.corsOrigins = List.copyOf(Objects.requireNonNull(origins, "origins"));
      return this;
    }

    public Builder maxMatchers(int max) {
      this.maxMatchers = positive("maxMatchers", max);
      return this;
    }

    public Builder maxPatternLength(int max) {
      this.maxPatternLength = positive("maxPatternLength", max);
      return this;
    }

    public Builder backwardScanLimit(int limit) {
      this.backwardScanLimit = positive("backwardScanLimit", limit);
      return this;
    }

    public Builder maxPendingPerSubscriber(int max) {
      this.maxPendingPerSubscriber = positive("maxPendingPerSubscriber", max);
      return this;
    }

    public Builder storeQueue(int size) {
      this.storeQueue = positive("storeQueue", size);
      return this;
    }

    public Builder publishTimeout(Duration timeout) {
      if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("publishTimeout must be > 0: " + timeout);
      }
      this.publishTimeout = timeout;
      return this;
    }

    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
      return this;
    }

    /** See {@link HubConfig#ioTransport()}. */
    public Builder ioTransport(IoTransport ioTransport) {
      this.ioTransport = Objects.requireNonNull(ioTransport, "ioTransport");
      return this;
    }

    public Builder auth(AuthConfig auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    public Builder publicUrl(String publicUrl) {
      this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
      return this;
    }

    /**
     * Also accepts what the given pre-1.0 protocol version allowed (see
     * {@link HubConfig#protocolVersionCompatibility()}). Only {@value #SUPPORTED_COMPATIBILITY} is
     * supported.
     */
    public Builder protocolVersionCompatibility(int version) {
      if (version != SUPPORTED_COMPATIBILITY) {
        throw new IllegalArgumentException(
            "protocol version compatibility must be " + SUPPORTED_COMPATIBILITY + ": " + version);
      }
      this.protocolVersionCompatibility = OptionalInt.of(version);
      return this;
    }

    /** Serves {@code /metrics}, {@code /healthz} and the web UI on this port too; 0 picks one. */
    public Builder managementPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("management port out of range: " + port);
      }
      this.managementPort = OptionalInt.of(port);
      return this;
    }

    public Builder managementBindAddress(String bindAddress) {
      this.managementBindAddress = Objects.requireNonNull(bindAddress, "managementBindAddress");
      return this;
    }

    public HubConfig build() {
      return new HubConfig(this);
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be > 0: " + value);
      }
      return value;
    }
  }
}
