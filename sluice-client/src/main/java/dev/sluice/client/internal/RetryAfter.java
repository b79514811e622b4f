package dev.sluice.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses an HTTP {@code Retry-After} value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * The delay {@code value} asks for, measured from {@code now}; empty if it is neither form. A date
   * in the past means no delay.
   */
  public static Optional<Duration> parse(String value, Instant now) {
    String trimmed = value.trim();
    if (trimmed.isEmpty()) return Optional.empty();
    if (allDigits(trimmed)) {
      // Saturate absurd values rather than overflow; a year is already more than anyone means.
      if (trimmed.length() > 9) return Optional.of(Duration.ofSeconds(999_999_999));
      return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
    }
    try {
      // RFC 1123 is IMF-fixdate; the obsolete RFC 850 and asctime forms are not worth the code.
      Instant date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, date);
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean allDigits(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
}
