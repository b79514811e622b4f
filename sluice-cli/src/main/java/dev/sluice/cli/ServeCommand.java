package dev.sluice.cli;

import dev.sluice.demo.Demo;
import dev.sluice.hub.Hub;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code sluice serve}: runs the Mercure hub until stopped. Its options are the hub's own
 * {@link HubOption} list, added to the command when picocli builds it, so the help, the flags, the
 * {@code SLUICE_*} variables and the config file can never disagree.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {"Run the Mercure hub: publish with POST, subscribe with EventSource, web UI at /.",
        "Every option can also be set as an environment variable or in a --config file;",
        "flags win over the environment, the environment over the file."},
    modelTransformer = ServeCommand.HubOptions.class,
    sortOptions = false)
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Map<HubOption, String> flags = new EnumMap<>(HubOption.class);
    for (HubOption option : HubOption.values()) {
      OptionSpec spec = this.spec.findOption(option.flag());
      if (spec != null && this.spec.commandLine().getParseResult().hasMatchedOption(spec)) {
        String value = spec.getValue();
        flags.put(option, value == null || value.isEmpty() ? "true" : value);
      }
    }
    // The hook is in place before the hub starts: a SIGTERM right after the banner still stops it
    // gracefully (and the log says so); one during start-up waits for the start to end.
    CompletableFuture<Hub> launched = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        launched.join().stop(Duration.ofSeconds(10));
      } catch (RuntimeException e) {
        // It never started: nothing to stop.
      }
      stopped.countDown();
    }, "sluice-shutdown"));
    try {
      // The classic SSE demo scenarios live beside the hub, linked from its UI at /demo/, when
      // ServeSafety allows them (development mode, or --demo).
      launched.complete(HubLauncher.launch(HubSettings.resolve(flags, System.getenv()), System.out,
          server -> Demo.mount(server)));
    } catch (IllegalArgumentException e) {
      launched.completeExceptionally(e);
      System.err.println("sluice serve: " + e.getMessage());
      return SluiceCommand.ExitCodes.USAGE;
    } catch (RuntimeException e) {
      launched.completeExceptionally(e);
      System.err.println("sluice serve: cannot start: " + Errors.describe(e) + startHint(e));
      return SluiceCommand.ExitCodes.FAILED;
    }
    stopped.await();
    return SluiceCommand.ExitCodes.OK;
  }

  /** What to do when the port cannot be had; other failures (the store) say it themselves. */
  static String startHint(RuntimeException e) {
    return String.valueOf(e.getMessage()).startsWith("cannot listen on")
        ? " (choose another --port, or a --bind address of this machine)" : "";
  }

  /** Adds one picocli option per {@link HubOption}, with its environment variable and default. */
  static final class HubOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      for (HubOption option : HubOption.values()) {
        OptionSpec.Builder spec = OptionSpec.builder(option.flag())
            .type(String.class)
            .description(option.description(),
                "env " + option.environmentVariable() + ", default: "
                    + (option.defaultValue().isEmpty() ? "(none)" : option.defaultValue()));
        if (option.isSwitch()) {
          spec.arity("0..1").paramLabel("true|false");
        } else {
          spec.arity("1").paramLabel("<" + option.flagName() + ">");
        }
        command.addOption(spec.build());
      }
      return command;
    }
  }
}
