package dev.sluice.hub;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java dev.sluice.hub.HubMain [options]}: runs the hub until the process is stopped.
 * {@code sluice serve} takes the same options; {@code --help} lists them.
 *
 * <p>Exit codes: 0 after a clean stop, 2 for a bad option (one line on stderr), 1 when the hub
 * cannot start (port in use, data directory unusable).
 */
public final class HubMain {
  private HubMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<HubOption, String> flags;
    try {
      flags = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sluice serve: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (flags == null) {
      System.out.print(HubLauncher.help("sluice serve"));
      return;
    }
    Hub hub;
    try {
      hub = HubLauncher.launch(HubSettings.resolve(flags, System.getenv()), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("sluice serve: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("sluice serve: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      hub.stop(Duration.ofSeconds(10));
      stopped.countDown();
    }, "sluice-shutdown"));
    stopped.await();
  }

  /** Parses {@code --name value}, {@code --name=value} and bare switches; null for {@code --help}. */
  static Map<HubOption, String> parse(String[] args) {
    Map<HubOption, String> flags = new EnumMap<>(HubOption.class);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      HubOption option = HubSettings.byName(name)
          .orElseThrow(() -> new IllegalArgumentException("unknown option: " + arg));
      if (value == null) {
        boolean next = i + 1 < args.length && !args[i + 1].startsWith("--");
        if (option.isSwitch() && !next) {
          value = "true";
        } else if (next) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException(option.flag() + " needs a value");
        }
      }
      flags.put(option, value);
    }
    return flags;
  }
}
