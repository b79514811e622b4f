package dev.sluice;

import static dev.sluice.testing.Bytes.utf8;
import static dev.sluice.testing.Events.data;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.RecordingHandler.Retry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code retry} sets the reconnection time only when its value is all ASCII digits. */
class ParserRetryTest {
  private static List<Object> parse(String stream) {
    return ChunkedFeeder.parse(utf8(stream)).callbacks();
  }

  @Test
  void retryIsReportedAtOnceWithoutDispatching() {
    assertThat(parse("retry: 3000\n")).containsExactly(new Retry(3000));
  }

  @Test
  void retryInsideAnEventIsReportedBeforeTheEvent() {
    assertThat(parse("data: a\nretry: 10\n\n")).containsExactly(new Retry(10), data("a"));
  }

  @Test
  void retryWithLeadingZerosIsDecimal() {
    assertThat(parse("retry: 0010\n")).containsExactly(new Retry(10));
  }

  @Test
  void retryZeroIsValid() {
    assertThat(parse("retry:0\n")).containsExactly(new Retry(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "retry: 3s\n", "retry: -1\n", "retry: +1\n", "retry: 1.5\n", "retry: 1 \n", "retry:  1\n",
    "retry: 1e3\n", "retry: \u0661\n", "retry: \uFF11\n", "retry: 0x10\n"
  })
  void retryWithNonDigitsIsIgnored(String stream) {
    assertThat(parse(stream)).isEmpty();
  }

  @Test
  void emptyRetryIsIgnored() {
    assertThat(parse("retry\nretry:\nretry: \n")).isEmpty();
  }

  @Test
  void hugeRetrySaturatesWithoutOverflow() {
    assertThat(parse("retry: 9223372036854775807\nretry: 9223372036854775808\nretry: 99999999999999999999999999\n"))
        .containsExactly(new Retry(Long.MAX_VALUE), new Retry(Long.MAX_VALUE), new Retry(Long.MAX_VALUE));
  }

  @Test
  void hugeRetryWithANonDigitAfterSaturatingIsStillIgnored() {
    assertThat(parse("retry: 99999999999999999999999999x\n")).isEmpty();
  }
}
