package dev.sluice.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/** Reads durations as people type them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO {@code PT5S}. */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("pt") || text.startsWith("p")) return nonNegative(Duration.parse(text.toUpperCase(Locale.ROOT)), value);
      int unitStart = 0;
      while (unitStart < text.length() && Character.isDigit(text.charAt(unitStart))) unitStart++;
      if (unitStart == 0 || unitStart > 12) throw invalid(value);
      long amount = Long.parseLong(text.substring(0, unitStart));
      switch (text.substring(unitStart)) {
        case "ms": return Duration.ofMillis(amount);
        case "s": case "": return Duration.ofSeconds(amount);
        case "m": return Duration.ofMinutes(amount);
        case "h": return Duration.ofHours(amount);
        default: throw invalid(value);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw invalid(value);
    }
  }

  private static Duration nonNegative(Duration duration, String value) {
    if (duration.isNegative()) throw invalid(value);
    return duration;
  }

  private static CommandLine.TypeConversionException invalid(String value) {
    return new CommandLine.TypeConversionException(
        "'" + value + "' is not a duration (examples: 500ms, 30s, 5m, 1h, PT1M)");
  }
}
