package dev.sluice.cli;

import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.llm.ChatCompletionsUpstream;
import dev.sluice.llm.DemoModel;
import dev.sluice.llm.LlmAuthorizer;
import dev.sluice.llm.LlmRelay;
import dev.sluice.llm.ModelUpstream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The LLM relay {@code sluice serve} mounts at {@code /v1/responses} (sluice-llm), on the hub's own
 * log, so that it shares the hub's store or cluster transport: where its text comes from
 * ({@code --llm-upstream}, else the built-in demo model) and who may use it (everyone in
 * development mode, else holders of the hub's access tokens).
 */
final class LlmRoutes {
  /** The upstream's API key: an environment variable only, so it stays out of process listings. */
  static final String API_KEY_ENV = "SLUICE_LLM_API_KEY";

  private final ModelUpstream upstream;
  private final String upstreamName;
  private final boolean open;
  private final LlmAuthorizer authorizer;

  private LlmRoutes(ModelUpstream upstream, String upstreamName, boolean open, LlmAuthorizer authorizer) {
    this.upstream = upstream;
    this.upstreamName = upstreamName;
    this.open = open;
    this.authorizer = authorizer;
  }

  /**
   * @param development whether the hub runs on a development key (none configured): with a loopback
   *     bind address the relay is then open, as the demo is
   * @throws IllegalArgumentException for an {@code --llm-upstream} that is not an http(s) URL
   */
  static LlmRoutes from(HubSettings settings, Map<String, String> environment, HubConfig config, boolean development) {
    String url = settings.get(HubOption.LLM_UPSTREAM).trim();
    ModelUpstream upstream = DemoModel.create();
    String name = "built-in demo model (any model name)";
    if (!url.isEmpty()) {
      URI base = upstreamUri(url);
      Optional<String> key = Optional.ofNullable(environment.get(API_KEY_ENV)).map(String::trim).filter(k -> !k.isEmpty());
      upstream = ChatCompletionsUpstream.of(base, key);
      name = base + (key.isPresent() ? " (key from " + API_KEY_ENV + ")" : " (no key: " + API_KEY_ENV + " is unset)");
    }
    boolean open = development && isLoopback(config.bindAddress());
    LlmAuthorizer authorizer = open ? LlmAuthorizer.open()
        : LlmAuthorizer.hubTokens(Hub.effectiveAuth(config).orElseThrow(), config.publicUrl().orElseGet(() ->
            "http://" + config.bindAddress() + ":" + config.port() + "/.well-known/mercure"));
    return new LlmRoutes(upstream, name, open, authorizer);
  }

  /** Mounts a relay on the hub being built; the hub closes it before its log. */
  Hub.LogRoutes logRoutes() {
    return (server, log, registry) -> {
      LlmRelay relay = LlmRelay.builder().log(log).upstream(upstream).authorizer(authorizer)
          .meterRegistry(registry).build();
      relay.mount(server);
      relay.start(); // Subscribes to the log, which accepts listeners before it starts.
      return relay;
    };
  }

  /** What the start-up banner says about the relay. */
  String describe() {
    return upstreamName + "; " + (open ? "open (development mode)" : "bearer = a hub access token");
  }

  private static URI upstreamUri(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // Reported below, as any other bad value.
    }
    throw new IllegalArgumentException(HubOption.LLM_UPSTREAM.flag()
        + " must be an http:// or https:// URL such as https://api.openai.com/v1: " + url);
  }

  private static boolean isLoopback(String bindAddress) {
    try {
      return InetAddress.getByName(bindAddress).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
