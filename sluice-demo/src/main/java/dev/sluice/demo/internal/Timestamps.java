package dev.sluice.demo.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The timestamp shapes the demo sends, always UTC, so the wire format has a fixed width. */
final class Timestamps {
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** For example {@code 2025-01-31 12:00:00}: Python's {@code strftime("%Y-%m-%d %H:%M:%S")}. */
  static String dateTime(Clock clock) {
    return DATE_TIME.format(clock.instant());
  }

  /** For example {@code 12:00:00}: Python's {@code strftime("%H:%M:%S")}. */
  static String time(Clock clock) {
    return TIME.format(clock.instant());
  }

  /** For example {@code 2025-01-31T12:00:00.250Z}. */
  static String millis(Clock clock) {
    return MILLIS.format(clock.instant());
  }

  /** For example {@code 2025-01-31T12:00:00Z}: what a clock shows. */
  static String seconds(Clock clock) {
    return SECONDS.format(clock.instant());
  }
}
