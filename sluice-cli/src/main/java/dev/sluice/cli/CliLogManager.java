package dev.sluice.cli;

import java.util.logging.LogManager;

/**
 * The CLI's {@link LogManager}: the JDK's, except that it does not close its handlers when the JVM
 * is shutting down. The JDK closes them from a shutdown hook of its own, which runs at the same
 * time as {@code sluice serve}'s hook, so the hub's last lines ({@code event=hub_stopped}) were
 * lost. The console handler flushes every record, so nothing is left unwritten.
 */
public final class CliLogManager extends LogManager {
  /** Used by {@link LogManager} itself, when {@code java.util.logging.manager} names this class. */
  public CliLogManager() {
    super();
  }

  @Override
  public void reset() {
    if (!shuttingDown()) {
      super.reset(); // readConfiguration() resets too: that must still work.
    }
  }

  /** Whether the JVM is running its shutdown hooks: it then refuses new ones. */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> { }, "sluice-shutdown-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
