package dev.sluice.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code sluice} command. It only lists the subcommands; each is its own class. To
 * add one, write it and add it to {@code subcommands} below.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceCommand.Version.class,
    description = "Server-Sent Events toolkit: listen to streams, and serve, publish and measure them.",
    subcommands = {ListenCommand.class, ServeCommand.class, PublishCommand.class, TokenCommand.class,
        DemoCommand.class,
        CommandLine.HelpCommand.class})
public final class SluiceCommand implements Runnable {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** A command line with UTF-8 output and one-line errors for bad usage, ready to execute. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new SluiceCommand());
    commandLine.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    commandLine.setParameterExceptionHandler(SluiceCommand::usageError);
    commandLine.setExecutionExceptionHandler(SluiceCommand::unexpectedError);
    // "-d @file" is curl's syntax for a request body; picocli must not read it as an argument file.
    commandLine.setExpandAtFiles(false);
    return commandLine;
  }

  /** Bad usage: one line on stderr naming the command and where to get help, exit code 2. */
  static int usageError(CommandLine.ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println(name + ": " + error.getMessage() + " (see '" + name + " --help')");
    return ExitCodes.USAGE;
  }

  /**
   * A failure no command turned into its own message: still one line and exit code 1, not
   * picocli's stack trace. {@code SLUICE_DEBUG=1} adds the trace, for a bug report.
   */
  static int unexpectedError(Exception error, CommandLine command, CommandLine.ParseResult parsed) {
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println(name + ": " + Errors.describe(error)
        + " (unexpected; rerun with SLUICE_DEBUG=1 for the stack trace to report)");
    if (System.getenv("SLUICE_DEBUG") != null) {
      error.printStackTrace(command.getErr());
    }
    return ExitCodes.FAILED;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Exit codes shared by the subcommands. */
  static final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int TIMED_OUT = 3;

    private ExitCodes() {}
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SluiceCommand.class.getPackage().getImplementationVersion();
      return new String[] {"sluice " + (version == null ? "0.1.0-SNAPSHOT" : version)};
    }
  }
}
