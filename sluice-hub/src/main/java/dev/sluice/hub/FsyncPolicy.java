package dev.sluice.hub;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the durable store forces written data to the disk: {@link HubConfig.Builder#fsync}.
 *
 * <ul>
 *   <li>{@code batch}: after every write batch, before publishers are answered. Nothing
 *       acknowledged is lost on power failure. Group commit keeps this fast: every update that
 *       arrived during one fsync shares the next.
 *   <li>{@code interval:<duration>} (e.g. {@code interval:100ms}): at most that long after a
 *       write. Publishers are answered once the batch is written to the OS; a power failure may
 *       lose the last interval, a process crash loses nothing.
 *   <li>{@code os}: never forced; the operating system writes back when it likes.
 * </ul>
 *
 * @param mode which policy
 * @param interval for {@code INTERVAL}, the longest time between a write and its fsync
 */
public record FsyncPolicy(Mode mode, Duration interval) {
  public static final FsyncPolicy BATCH = new FsyncPolicy(Mode.BATCH, Duration.ZERO);
  public static final FsyncPolicy OS = new FsyncPolicy(Mode.OS, Duration.ZERO);

  public enum Mode { BATCH, INTERVAL, OS }

  public FsyncPolicy {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(interval, "interval");
    if (mode == Mode.INTERVAL && (interval.isZero() || interval.isNegative())) {
      throw new IllegalArgumentException("fsync interval must be > 0: " + interval);
    }
  }

  public static FsyncPolicy interval(Duration interval) {
    return new FsyncPolicy(Mode.INTERVAL, interval);
  }

  /** {@code batch}, {@code os} or {@code interval:<millis>ms}: the form the CLI reads. */
  @Override
  public String toString() {
    return mode == Mode.INTERVAL
        ? "interval:" + interval.toMillis() + "ms"
        : mode.name().toLowerCase(Locale.ROOT);
  }
}
