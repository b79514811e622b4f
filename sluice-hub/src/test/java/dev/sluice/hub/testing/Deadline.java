package dev.sluice.hub.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Polls a condition until it holds or a deadline passes: the tests' only way to wait on state. */
public final class Deadline {
  private static final Duration INTERVAL = Duration.ofMillis(25);

  private Deadline() {}

  /** Returns once {@code condition} is true; fails with {@code what} after {@code timeout}. */
  public static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }
}
