package dev.sluice.cli;

/** The {@code sluice} command's entry point: runs {@link SluiceCommand} and exits with its code. */
public final class Main {
  /**
   * One line per record, {@code key=value} message last, so logs grep and parse well. A user's own
   * {@code -Djava.util.logging.SimpleFormatter.format} or logging config file still wins.
   */
  private static final String LOG_FORMAT =
      "%1$tY-%1$tm-%1$tdT%1$tH:%1$tM:%1$tS.%1$tL%1$tz %4$s %3$s %5$s%6$s%n";

  private Main() {}

  public static void main(String[] args) {
    // Before anything logs: the JDK's manager would close the log before the hub says it stopped.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", CliLogManager.class.getName());
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
    System.exit(SluiceCommand.commandLine().execute(args));
  }
}
