package dev.sluice.hub.internal.store;

import java.time.Duration;
import java.util.Locale;

/** Parses human durations such as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      long amount = Long.parseLong(value.substring(0, value.length() - 1));
      switch (value.charAt(value.length() - 1)) {
        case 's': return Duration.ofSeconds(amount);
        case 'm': return Duration.ofMinutes(amount);
        case 'h': return Duration.ofHours(amount);
        case 'd': return Duration.ofDays(amount);
        default: break;
      }
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      // Fall through to the error below, which names the accepted forms.
    }
    if (value.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    throw new IllegalArgumentException(
        "not a duration (use e.g. 250ms, 30s, 5m, 2h, 7d): " + text);
  }
}
