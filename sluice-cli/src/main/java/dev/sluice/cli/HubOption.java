package dev.sluice.cli;

import dev.sluice.hub.HubConfig;
import dev.sluice.hub.spi.Retention;
import dev.sluice.server.IoTransport;
import dev.sluice.server.SseServer;
import java.util.Locale;

/**
 * Every setting of {@code sluice serve}, with its flag, environment variable and default: the one
 * list the command line, the environment, the config file and the help text are made from. The
 * defaults are the library's own constants ({@link HubConfig}, {@link Retention#DEFAULT},
 * {@link SseServer#DEFAULT_HEARTBEAT}) written as the CLI reads them, so they cannot drift.
 *
 * <p>A setting named {@code data-dir} is {@code --data-dir} on the command line,
 * {@code SLUICE_DATA_DIR} in the environment and {@code data-dir=} in a config file. Flags win
 * over the environment, the environment over the file, the file over defaults.
 */
enum HubOption {
  PORT("port", String.valueOf(HubConfig.DEFAULT_PORT), "TCP port to listen on (0 picks a free one)"),
  BIND("bind", HubConfig.DEFAULT_BIND_ADDRESS, "address to listen on; 0.0.0.0 for every interface"),
  DATA_DIR("data-dir", HubConfig.DEFAULT_DATA_DIR.toString(), "directory of the embedded store (updates.mv.db)"),
  STORE("store", HubConfig.DEFAULT_STORE.name().toLowerCase(Locale.ROOT), "embedded store: mvstore (durable) or memory (lost on restart)"),
  TRANSPORT("transport", "", "cluster transport URI, e.g. redis://host:6379/0 (needs sluice-redis)"),
  FSYNC("fsync", HubConfig.DEFAULT_FSYNC.toString(), "when to fsync the store: batch, os, or interval:<duration>"),
  HISTORY_SIZE("history-size", String.valueOf(Retention.DEFAULT.maxCount()), "most updates kept for replay"),
  HISTORY_AGE("history-age", Durations.format(Retention.DEFAULT.maxAge()), "oldest update kept for replay, e.g. 30m, 12h, 7d; 0 for no limit"),
  IDS("ids", "uuid7", "generated event ids: uuid7 (time-ordered) or random (UUIDv4, leaks no timing)"),
  JWT_KEY("jwt-key", "", "HS256 secret (or PEM public key with --jwt-algorithm) for publishers and subscribers"),
  PUBLISHER_JWT_KEY("publisher-jwt-key", "", "key for publisher tokens only (overrides --jwt-key)"),
  SUBSCRIBER_JWT_KEY("subscriber-jwt-key", "", "key for subscriber tokens only (overrides --jwt-key)"),
  JWT_ALGORITHM("jwt-algorithm", "HS256", "algorithm of the configured keys: HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512 or EdDSA"),
  JWKS_URL("jwks-url", "", "fetch subscriber and publisher keys from this JWK Set URL"),
  AUDIENCE("audience", "", "the hub's resource identifier, required in every token's aud; empty: the hub URL http://<bind>:<port>/.well-known/mercure"),
  ISSUER("issuer", "", "the trusted issuer (exact iss) the keys above belong to; several issuers: issuer.<name>.* in --config"),
  COOKIE_NAME("cookie-name", "__Secure-mercure_access_token", "cookie that may carry the token (browsers' EventSource cannot set headers)"),
  ALLOW_ANONYMOUS("allow-anonymous", "false", "let subscribers without a token receive public updates"),
  CORS_ORIGINS("cors-origins", "", "comma-separated origins allowed to subscribe and publish from browsers; * for any"),
  PUBLISH_ORIGINS("publish-origins", "", "origins allowed to publish with a cookie token (CSRF defence)"),
  SUBSCRIPTIONS("subscriptions", "false", "publish subscription events and serve the subscriptions API"),
  HEARTBEAT("heartbeat", Durations.format(SseServer.DEFAULT_HEARTBEAT), "comment sent to idle streams to keep proxies from closing them"),
  IO_TRANSPORT("io-transport", IoTransport.AUTO.label(), "socket I/O: auto (io_uring, else epoll, else nio), io_uring, epoll or nio"),
  PROTOCOL_VERSION_COMPATIBILITY("protocol-version-compatibility", "", "also accept a pre-1.0 Mercure protocol version's tokens and parameters (only 8); empty: strict Mercure 1.0"),
  MAX_MATCHERS("max-matchers", String.valueOf(HubConfig.DEFAULT_MAX_MATCHERS), "most topic matchers per subscribe request"),
  DEMO("demo", "auto", "mount the classic SSE demo (/demo/, /api/…, /sse/…, /v1/chat/completions); auto: only in development mode (no key, loopback bind)"),
  INSECURE_DEV_MODE("insecure-dev-mode", "false", "allow the development key and tokens on a non-loopback --bind: anyone who reaches the port can publish"),
  MANAGEMENT_PORT("management-port", "", "serve /metrics, /healthz and the web UI's dashboard on this port; empty: /metrics and /ui/stats only on a loopback --bind"),
  MANAGEMENT_BIND("management-bind", HubConfig.DEFAULT_MANAGEMENT_BIND_ADDRESS, "address of the management port"),
  LLM_UPSTREAM("llm-upstream", "", "OpenAI-compatible API base for /v1/responses, e.g. https://api.openai.com/v1 (key from SLUICE_LLM_API_KEY); empty: the built-in demo model"),
  CONFIG("config", "", "a properties file of these settings (name=value)");

  private final String flagName;
  private final String defaultValue;
  private final String description;

  HubOption(String flagName, String defaultValue, String description) {
    this.flagName = flagName;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The name without dashes, e.g. {@code data-dir}. */
  public String flagName() {
    return flagName;
  }

  public String flag() {
    return "--" + flagName;
  }

  public String environmentVariable() {
    return "SLUICE_" + flagName.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /**
   * Whether the flag may be given without a value (then it means {@code true}): the on/off
   * settings and {@code --demo} (on, off or auto). Not every {@code auto} default is a switch:
   * {@code --io-transport} names a transport, and a bare flag must not read as "true".
   */
  public boolean isSwitch() {
    return defaultValue.equals("false") || this == DEMO;
  }
}
