package dev.sluice.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The one duration parser: durations as people type them, {@code 500ms}, {@code 30s} (or bare
 * {@code 30}), {@code 5m}, {@code 1h}, {@code 7d}, or ISO {@code PT5S}; never negative. Used by
 * every command's flags and by the hub's settings, so they all read durations alike.
 */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration (examples: 500ms, 30s, 5m, 1h, PT1M)");
    }
  }

  /** Parses {@code text}; a short {@link IllegalArgumentException} for anything else. */
  static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("p")) {
        Duration iso = Duration.parse(value.toUpperCase(Locale.ROOT));
        if (!iso.isNegative()) return iso;
      } else {
        int unitStart = 0;
        while (unitStart < value.length() && Character.isDigit(value.charAt(unitStart))) unitStart++;
        if (unitStart > 0 && unitStart <= 12) {
          long amount = Long.parseLong(value.substring(0, unitStart));
          switch (value.substring(unitStart)) {
            case "ms": return Duration.ofMillis(amount);
            case "s": case "": return Duration.ofSeconds(amount);
            case "m": return Duration.ofMinutes(amount);
            case "h": return Duration.ofHours(amount);
            case "d": return Duration.ofDays(amount);
            default: break;
          }
        }
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // Falls through to the error below, which names the accepted forms.
    }
    throw new IllegalArgumentException("not a duration (use e.g. 250ms, 30s, 5m, 2h, 7d): " + text);
  }

  /** The shortest of these forms that reads back as {@code duration}: {@code 1d}, {@code 15s}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 != 0) return millis + "ms";
    long seconds = millis / 1000;
    if (seconds != 0 && seconds % 86_400 == 0) return seconds / 86_400 + "d";
    if (seconds != 0 && seconds % 3_600 == 0) return seconds / 3_600 + "h";
    if (seconds != 0 && seconds % 60 == 0) return seconds / 60 + "m";
    return seconds + "s";
  }
}
