package dev.sluice.cli;

import dev.sluice.hub.Hub;
import java.util.Locale;

/**
 * What {@code sluice serve} may expose, decided once from the settings before anything starts.
 *
 * <ul>
 *   <li><b>Development mode</b>: no key configured and a loopback {@code --bind}. The CLI makes a
 *       development key and prints tokens; the demo is mounted.
 *   <li>No key and a non-loopback bind: refused (exit 2), because the development key's tokens,
 *       printed and offered by the web UI, would let anyone who reaches the port publish; unless
 *       {@code --insecure-dev-mode} says the operator wants exactly that.
 *   <li>A key configured, or a non-loopback bind: no demo unless {@code --demo}.
 * </ul>
 */
record ServeSafety(boolean developmentKey, boolean loopback, boolean insecure, boolean demo) {

  /** @throws IllegalArgumentException when the settings would expose a development key */
  static ServeSafety decide(HubSettings settings) {
    boolean developmentKey = !settings.hasKeys();
    String bind = settings.get(HubOption.BIND);
    boolean loopback = Hub.isLoopback(bind);
    boolean insecure = flag(settings, HubOption.INSECURE_DEV_MODE).orElse(false);
    if (developmentKey && !loopback && !insecure) {
      throw new IllegalArgumentException("no key configured and --bind " + bind
          + " is not loopback: set --jwt-key (or --jwks-url), or --insecure-dev-mode to expose"
          + " the development key");
    }
    boolean demo = flag(settings, HubOption.DEMO).orElse(developmentKey && loopback);
    return new ServeSafety(developmentKey, loopback, insecure, demo);
  }

  /** Development mode: the hub made its own key and only this machine can reach it. */
  boolean developmentMode() {
    return developmentKey && loopback;
  }

  /** A switch's value; empty for {@code auto}. */
  private static java.util.Optional<Boolean> flag(HubSettings settings, HubOption option) {
    String value = settings.get(option).trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "auto":
        return java.util.Optional.empty();
      case "true", "1", "yes":
        return java.util.Optional.of(true);
      case "false", "0", "no":
        return java.util.Optional.of(false);
      default:
        throw new IllegalArgumentException(option.flag() + " must be true or false: " + settings.get(option));
    }
  }
}
