package dev.sluice.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Reads byte counts as people type them: {@code 1048576}, {@code 512k}, {@code 16m} (KiB and MiB), at least 1. */
final class ByteSizes implements CommandLine.ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    int shift = 0;
    if (text.endsWith("k")) shift = 10;
    if (text.endsWith("m")) shift = 20;
    String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) throw invalid(value);
    long bytes = Long.parseLong(digits) << shift;
    if (bytes < 1 || bytes > Integer.MAX_VALUE) throw invalid(value);
    return (int) bytes;
  }

  private static CommandLine.TypeConversionException invalid(String value) {
    return new CommandLine.TypeConversionException(
        "'" + value + "' is not a size from 1 byte to 2 GiB (examples: 65536, 512k, 16m)");
  }
}
