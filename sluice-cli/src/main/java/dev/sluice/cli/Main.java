package dev.sluice.cli;

/** The {@code sluice} command's entry point: runs {@link SluiceCommand} and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(SluiceCommand.commandLine().execute(args));
  }
}
