package dev.sluice.spring;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sluice.*} properties. Only {@code sluice.hub.url} is required; everything else has a
 * default.
 *
 * <pre>
 * sluice.hub.url=http://127.0.0.1:8080/.well-known/mercure
 * sluice.publisher.token=${PUBLISHER_TOKEN}          # or let the starter mint tokens:
 * sluice.jwt.secret=${SLUICE_JWT_KEY}
 * sluice.jwt.issuer=https://app.example.com               # the hub's --issuer
 * </pre>
 *
 * <p>An embedded hub on its own port, whose meters join the application's registry:
 * <pre>
 * sluice.hub.enabled=true
 * sluice.hub.port=8090
 * sluice.hub.url=http://127.0.0.1:8090/.well-known/mercure   # the publisher and backplane use it
 * sluice.jwt.secret=${SLUICE_JWT_KEY}                        # the hub's key, and the tokens' key
 * </pre>
 */
@ConfigurationProperties(prefix = "sluice")
public class SluiceProperties {
  private final Hub hub = new Hub();
  private final Publisher publisher = new Publisher();
  private final Jwt jwt = new Jwt();
  private final Sse sse = new Sse();

  public Hub getHub() {
    return hub;
  }

  public Publisher getPublisher() {
    return publisher;
  }

  public Jwt getJwt() {
    return jwt;
  }

  public Sse getSse() {
    return sse;
  }

  /** Where the hub is. */
  public static class Hub {
    /** The hub's Mercure endpoint, e.g. http://127.0.0.1:8080/.well-known/mercure. Nothing is configured without it. */
    private URI url;
    /** The bound on the health indicator's GET of the hub's /healthz. */
    private Duration healthTimeout = Duration.ofSeconds(2);
    /** Run a Sluice hub inside the application, on its own port (needs sluice-hub on the classpath and sluice.jwt.secret). */
    private boolean enabled;
    /** The embedded hub's TCP port (0 picks a free one); not the application's server port. */
    private int port = 8090;
    /** The address the embedded hub listens on; 0.0.0.0 for every interface. */
    private String bindAddress = "127.0.0.1";
    /** The embedded hub's history store: mvstore (durable, in data-dir) or memory (lost on restart). */
    private String store = "mvstore";
    /** The directory of the embedded hub's mvstore file. */
    private java.nio.file.Path dataDir = java.nio.file.Path.of("sluice-data");
    /** Let subscribers without a token receive the embedded hub's public updates. */
    private boolean allowAnonymous;

    public URI getUrl() {
      return url;
    }

    public void setUrl(URI url) {
      this.url = url;
    }

    public Duration getHealthTimeout() {
      return healthTimeout;
    }

    public void setHealthTimeout(Duration healthTimeout) {
      this.healthTimeout = healthTimeout;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getBindAddress() {
      return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
      this.bindAddress = bindAddress;
    }

    public String getStore() {
      return store;
    }

    public void setStore(String store) {
      this.store = store;
    }

    public java.nio.file.Path getDataDir() {
      return dataDir;
    }

    public void setDataDir(java.nio.file.Path dataDir) {
      this.dataDir = dataDir;
    }

    public boolean isAllowAnonymous() {
      return allowAnonymous;
    }

    public void setAllowAnonymous(boolean allowAnonymous) {
      this.allowAnonymous = allowAnonymous;
    }
  }

  /** How the application publishes. */
  public static class Publisher {
    /** A fixed publisher token (a JWT). Takes precedence over minting with sluice.jwt.secret. */
    private String token;
    /** The bound on opening a connection to the hub. */
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** The bound on one publish attempt, from sending to the hub's answer. */
    private Duration requestTimeout = Duration.ofSeconds(10);
    /** Attempts per update, the first included (1 never retries). Retries keep the update's id. */
    private int maxAttempts = 4;
    /** The wait before the first retry; it doubles up to max-retry-delay. */
    private Duration initialRetryDelay = Duration.ofMillis(200);
    /** The longest wait between two attempts. */
    private Duration maxRetryDelay = Duration.ofSeconds(2);

    public String getToken() {
      return token;
    }

    public void setToken(String token) {
      this.token = token;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialRetryDelay() {
      return initialRetryDelay;
    }

    public void setInitialRetryDelay(Duration initialRetryDelay) {
      this.initialRetryDelay = initialRetryDelay;
    }

    public Duration getMaxRetryDelay() {
      return maxRetryDelay;
    }

    public void setMaxRetryDelay(Duration maxRetryDelay) {
      this.maxRetryDelay = maxRetryDelay;
    }
  }

  /** Minting tokens from the hub's shared HS256 secret (instead of fixed tokens). */
  public static class Jwt {
    /** The HS256 secret the hub trusts, at least 32 bytes. Unset: no tokens are minted. */
    private String secret;
    /** The token shape: MERCURE_1_0, or DRAFT_08 (a "mercure" claim) for a hub in compatibility mode 8. */
    private TokenFormat format = TokenFormat.MERCURE_1_0;
    /** The iss claim, one of the hub's trusted issuers (its --issuer); required for MERCURE_1_0. */
    private String issuer;
    /** The aud claim, the hub's resource identifier (its --audience); unset: sluice.hub.url. */
    private String audience;
    /** How long each minted token is valid (a fresh one is minted for every request). */
    private Duration ttl = Duration.ofMinutes(5);

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public TokenFormat getFormat() {
      return format;
    }

    public void setFormat(TokenFormat format) {
      this.format = format;
    }

    public String getIssuer() {
      return issuer;
    }

    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }

    public String getAudience() {
      return audience;
    }

    public void setAudience(String audience) {
      this.audience = audience;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }
  }

  /** The application's own SSE endpoints fed from the hub ({@link SluiceSse}, {@link SluiceFlux}). */
  public static class Sse {
    /** A fixed subscriber token the instance sends to the hub; unset: minted from sluice.jwt.secret, or none. */
    private String subscriberToken;
    /** How often a comment line is sent to each browser, so dead connections are found and proxies keep idle streams open. */
    private Duration heartbeat = Duration.ofSeconds(15);
    /** How long one browser response stays open; the browser then reconnects with Last-Event-ID and misses nothing. */
    private Duration timeout = Duration.ofMinutes(30);
    /** The reconnection delay sent to browsers as the stream's first retry field; unset: the browser's default (about 3 s). */
    private Duration reconnectDelay;
    /** WebFlux: events buffered for a browser that does not keep up; past it the response ends and the browser resumes from its last id. */
    private int bufferSize = 256;

    public String getSubscriberToken() {
      return subscriberToken;
    }

    public void setSubscriberToken(String subscriberToken) {
      this.subscriberToken = subscriberToken;
    }

    public Duration getHeartbeat() {
      return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public Duration getReconnectDelay() {
      return reconnectDelay;
    }

    public void setReconnectDelay(Duration reconnectDelay) {
      this.reconnectDelay = reconnectDelay;
    }

    public int getBufferSize() {
      return bufferSize;
    }

    public void setBufferSize(int bufferSize) {
      this.bufferSize = bufferSize;
    }
  }

  /** The shape of minted tokens. */
  public enum TokenFormat {
    /** Draft 08: a {@code mercure} claim, for hubs run with {@code --protocol-version-compatibility 8}. */
    DRAFT_08,
    /** Mercure 1.0: RFC 9068 claims and {@code authorization_details}; needs issuer and audience. */
    MERCURE_1_0
  }
}
