package dev.sluice.cli;

import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.DevelopmentKeys;
import dev.sluice.server.SseServer;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts a hub from resolved {@link HubSettings} and prints what an operator needs: the URL, the
 * store and data directory, and — when no key is configured — a development key with ready
 * publisher and subscriber tokens. {@code sluice serve} is its one caller.
 */
final class HubLauncher {
  private HubLauncher() {}

  /** Launches with extra routes on the hub's server (the CLI mounts the demo here). */
  static Hub launch(HubSettings settings, PrintStream out, Consumer<SseServer.Builder> extraRoutes) {
    Optional<DevelopmentKeys> dev = settings.hasKeys()
        ? Optional.empty() : Optional.of(DevelopmentKeys.builder().build());
    HubConfig config = settings.toConfig(dev);
    LlmRoutes llm = LlmRoutes.from(settings, System.getenv(), config, dev.isPresent());
    Hub.Builder builder = Hub.builder(config).routes(extraRoutes).logRoutes(llm.logRoutes());
    dev.ifPresent(d -> builder.uiTokens(d.publisherToken(), d.subscriberToken()));
    Hub hub = builder.build().start();
    String base = hub.baseUrl();
    out.println("Sluice hub listening on " + base + "/.well-known/mercure");
    out.println("  web UI:   " + base + "/   demos: " + base + "/demo/");
    out.println("  metrics:  " + base + "/metrics   health: " + base + "/healthz");
    out.println("  LLM relay: " + base + "/v1/responses, page " + base + "/llm/ (" + llm.describe() + ")");
    out.println("  store:    " + config.transport().map(HubLauncher::withoutSecrets).orElse(
        config.store() == HubConfig.Store.MEMORY ? "memory (history is lost on restart)"
            : "mvstore in " + config.dataDir().toAbsolutePath() + " (fsync " + config.fsync() + ")"));
    dev.ifPresent(d -> {
      out.println();
      out.println("No key configured: using a DEVELOPMENT key. Do not use it in production.");
      out.println("  key (HS256):       " + d.secret());
      out.println("  publisher token:   " + d.publisherToken());
      out.println("  subscriber token:  " + d.subscriberToken());
      out.println("  try:  curl -d topic=https://example.com/t -d data=hello -H 'Authorization: Bearer "
          + d.publisherToken() + "' " + base + "/.well-known/mercure");
    });
    out.flush();
    return hub;
  }

  /**
   * {@code transport} as it may be printed: a password in the user info or in a {@code password}
   * query parameter becomes {@code ***}. Start-up output ends up in logs that more people read than
   * should know the password.
   */
  static String withoutSecrets(URI transport) {
    String text = transport.toString();
    String userInfo = transport.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String hidden = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***"; // A lone token is a secret too.
      text = text.replace(userInfo + "@", hidden + "@");
    }
    return text.replaceAll("(?i)([?&](?:password|pass|pwd)=)[^&#]*", "$1***");
  }
}
