package dev.sluice.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.spi.Update;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntryCodecTest {
  @Test
  void roundTripsEveryField() {
    Update update = Update.builder().id("urn:uuid:1").topic("https://example.com/a")
        .topic("https://example.com/b").data("x\ny — ✓").privateUpdate(true).type("t")
        .retry(Duration.ofSeconds(3)).build();

    assertThat(EntryCodec.decode("urn:uuid:1", EntryCodec.encodeBody(update))).isEqualTo(update);
  }

  @Test
  void roundTripsAMinimalUpdate() {
    Update update = Update.builder().id("1").topic("t").build();

    assertThat(EntryCodec.decode("1", EntryCodec.encodeBody(update))).isEqualTo(update);
  }

  @Test
  void refusesAnUnknownVersionRatherThanGuess() {
    byte[] body = EntryCodec.encodeBody(Update.builder().id("1").topic("t").build());
    body[0] = 9;

    assertThatThrownBy(() -> EntryCodec.decode("1", body))
        .hasMessage("unknown entry version 9 for id 1");
  }

  @Test
  void refusesATruncatedBody() {
    byte[] body = EntryCodec.encodeBody(Update.builder().id("1").topic("topic").data("data").build());

    assertThatThrownBy(() -> EntryCodec.decode("1", Arrays.copyOf(body, body.length - 2)))
        .isInstanceOf(IllegalStateException.class).hasMessage("corrupt entry for id 1");
  }
}
