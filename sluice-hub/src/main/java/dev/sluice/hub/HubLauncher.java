package dev.sluice.hub;

import dev.sluice.hub.auth.DevelopmentKeys;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;

/**
 * Starts a hub from resolved {@link HubSettings} and prints what an operator needs: the URL, the
 * store and data directory, and — when no key is configured — a development key with ready
 * publisher and subscriber tokens. Shared by {@code sluice serve} and {@link HubMain}.
 */
public final class HubLauncher {
  private HubLauncher() {}

  public static Hub launch(HubSettings settings, PrintStream out) {
    return launch(settings, out, server -> { });
  }

  /** Launches with extra routes on the hub's server (the CLI mounts the demo here). */
  public static Hub launch(HubSettings settings, PrintStream out,
      java.util.function.Consumer<dev.sluice.server.SseServer.Builder> extraRoutes) {
    Optional<DevelopmentKeys> dev = settings.hasKeys()
        ? Optional.empty() : Optional.of(DevelopmentKeys.builder().build());
    HubConfig config = settings.toConfig(dev);
    Optional<String> uiConfig = dev.map(d -> "{\"publisherToken\":\"" + d.publisherToken()
        + "\",\"subscriberToken\":\"" + d.subscriberToken() + "\"}");
    Hub hub = Hub.create(config, uiConfig, extraRoutes).start();
    String base = "http://" + (config.bind().equals("0.0.0.0") ? "localhost" : config.bind())
        + ":" + hub.port();
    out.println("Sluice hub listening on " + base + "/.well-known/mercure");
    out.println("  web UI:   " + base + "/   demos: " + base + "/demo/");
    out.println("  metrics:  " + base + "/metrics   health: " + base + "/healthz");
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

  /** The help text: every option with its environment variable and default. */
  public static String help(String command) {
    StringBuilder help = new StringBuilder("Usage: " + command + " [options]\n\n"
        + "Runs the Sluice Mercure hub. Every option can also be set as an environment variable\n"
        + "(shown) or in a properties file given with --config. Flags win over the environment,\n"
        + "the environment over the file.\n\n");
    for (HubOption option : HubOption.values()) {
      String flag = option.flag() + (option.isSwitch() ? "" : " <value>");
      help.append(String.format("  %-30s %s%n", flag, option.description()));
      help.append(String.format("  %-30s env %s, default: %s%n", "", option.environmentVariable(),
          option.defaultValue().isEmpty() ? "(none)" : option.defaultValue()));
    }
    return help.toString();
  }
}
