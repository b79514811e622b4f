package dev.sluice.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.client.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fuzzes the client's {@code Retry-After} parser ({@link RetryAfter}), which reads a header a
 * server (or anything between it and the client) sends.
 *
 * <h3>Oracles</h3>
 * <ul>
 *   <li>It never throws, whatever the value and whatever the clock says.
 *   <li>A delay is never negative, and never more than the ten thousand years a four-digit
 *       HTTP-date can reach (delay-seconds saturate much earlier, at 999,999,999 seconds).
 *   <li>Up to nine ASCII digits, blanks around them allowed, mean exactly that many seconds.
 * </ul>
 *
 * <p>{@code RetryAfter} is in the client's {@code internal} package: re-point the import if the
 * client restructure moves it.
 */
class RetryAfterFuzzTest {
  private static final Duration MOST = Duration.ofSeconds(999_999_999);

  @FuzzTest
  void parsesAnyValueToABoundedDelayOrNothing(FuzzedDataProvider data) {
    // Clocks from 1970 to 9999, the years an IMF-fixdate can name.
    Instant now = Instant.ofEpochSecond(data.consumeLong(0, 253_402_300_799L));
    String value = data.consumeRemainingAsString();

    Optional<Duration> delay = RetryAfter.parse(value, now);

    delay.ifPresent(d -> assertThat(d).as("delay for %s", value).isBetween(Duration.ZERO, Duration.ofDays(366L * 10_000)));
    String trimmed = value.trim();
    if (!trimmed.isEmpty() && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      Duration expected = trimmed.length() > 9 ? MOST : Duration.ofSeconds(Long.parseLong(trimmed));
      assertThat(delay).as("delay-seconds %s", value).contains(expected);
    }
  }
}
