package dev.sluice.cli;

import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.DevelopmentKeys;
import dev.sluice.server.SseServer;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts a hub from resolved {@link HubSettings} and prints what an operator needs: the URL, the
 * store and data directory, and — when no key is configured — a development key with ready
 * publisher and subscriber tokens. {@code sluice serve} is its one caller.
 */
final class HubLauncher {
  /** The name the README and the banner give a subscriber token. */
  static final String SUBSCRIBER_TOKEN_VARIABLE = "SUBSCRIBER_TOKEN";

  private HubLauncher() {}

  /**
   * Launches, with the demo's routes on the hub's server when {@link ServeSafety} allows them.
   *
   * @throws IllegalArgumentException for settings that are wrong or unsafe (exit 2)
   */
  static Hub launch(HubSettings settings, PrintStream out, Consumer<SseServer.Builder> demoRoutes) {
    ServeSafety safety = ServeSafety.decide(settings);
    Optional<Path> keyFile = Optional.empty();
    Optional<DevelopmentKeys> dev = Optional.empty();
    if (safety.developmentKey()) {
      DevelopmentKeys.Builder keys = DevelopmentKeys.builder().audience(settings.resourceIdentifier());
      if (keepsKeyOnDisk(settings)) {
        Path dataDir = Path.of(settings.get(HubOption.DATA_DIR));
        keys.secret(DevelopmentKeyFile.loadOrCreate(dataDir));
        keyFile = Optional.of(dataDir.resolve(DevelopmentKeyFile.FILE_NAME));
      }
      dev = Optional.of(keys.build());
    }
    HubConfig config = settings.toConfig(dev);
    LlmRoutes llm = LlmRoutes.from(settings, System.getenv(), config, dev.isPresent());
    Hub.Builder builder = Hub.builder(config).logRoutes(llm.logRoutes());
    if (safety.demo()) {
      builder.routes(demoRoutes);
    }
    dev.ifPresent(d -> builder.uiTokens(d.publisherToken(), d.subscriberToken()));
    Hub hub = builder.build().start();
    String base = hub.baseUrl();
    out.println("Sluice hub listening on " + base + "/.well-known/mercure");
    out.println("  web UI:   " + base + "/   demos: " + (safety.demo() ? base + "/demo/"
        : "off (--demo to mount them)"));
    out.println("  metrics:  " + metricsUrl(hub, safety) + "   health: " + base + "/healthz");
    out.println("  LLM relay: " + base + "/v1/responses, page " + base + "/llm/ (" + llm.describe() + ")");
    out.println("  store:    " + config.transport().map(HubLauncher::withoutSecrets).orElse(
        config.store() == HubConfig.Store.MEMORY ? "memory (history is lost on restart)"
            : "mvstore in " + config.dataDir().toAbsolutePath() + " (fsync " + config.fsync() + ")"));
    out.println("  I/O:      " + hub.ioTransport().label());
    Optional<Path> keptIn = keyFile;
    String insecureBind = safety.developmentMode() ? null : settings.get(HubOption.BIND);
    dev.ifPresent(d -> printDevelopmentKey(out, d, base + "/.well-known/mercure", insecureBind, keptIn));
    out.flush();
    return hub;
  }

  /** A development key survives restarts in the data directory of the embedded MVStore only. */
  private static boolean keepsKeyOnDisk(HubSettings settings) {
    return settings.get(HubOption.TRANSPORT).isEmpty()
        && settings.get(HubOption.STORE).trim().equalsIgnoreCase("mvstore");
  }

  private static String metricsUrl(Hub hub, ServeSafety safety) {
    if (hub.managementPort().isPresent()) {
      String host = hub.config().managementBindAddress();
      host = host.equals("0.0.0.0") ? "localhost" : host;
      return "http://" + host + ":" + hub.managementPort().getAsInt() + "/metrics (management port)";
    }
    return safety.loopback() ? hub.baseUrl() + "/metrics"
        : "not served on a public bind (set --management-port)";
  }

  /**
   * The development key, and its tokens as {@code export} lines to paste into a shell: under the
   * names {@code sluice publish} reads ({@link PublishCommand#TOKEN_VARIABLE}) and the README uses.
   */
  private static void printDevelopmentKey(PrintStream out, DevelopmentKeys dev, String hubUrl,
      String insecureBind, Optional<Path> keyFile) {
    out.println();
    if (insecureBind != null) {
      out.println("WARNING --insecure-dev-mode: the DEVELOPMENT key below lets anyone who reaches "
          + insecureBind + " publish.");
    }
    out.println("No key configured: using a DEVELOPMENT key. Do not use it in production.");
    out.println("  key file:    " + keyFile.map(p -> p.toAbsolutePath() + " (mode 0600; tokens keep"
        + " working after a restart)").orElse("none: kept in memory, tokens stop working when the"
        + " hub stops"));
    out.println("  key (HS256): " + dev.secret());
    out.println("Paste these into the shell you publish or subscribe from:");
    out.println("  export " + PublishCommand.TOKEN_VARIABLE + "='" + dev.publisherToken() + "'");
    out.println("  export " + SUBSCRIBER_TOKEN_VARIABLE + "='" + dev.subscriberToken() + "'");
    out.println("Then, in one shell and in another:");
    out.println("  ./sluice listen -H \"Authorization: Bearer $" + SUBSCRIBER_TOKEN_VARIABLE + "\" '"
        + hubUrl + "?match=https://example.com/t'");
    out.println("  ./sluice publish --url " + hubUrl + " --topic https://example.com/t --data hello");
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
