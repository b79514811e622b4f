package dev.sluice;

import static dev.sluice.testing.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The encoder writes one complete, injection-proof block per event. */
class EventEncoderTest {
  private static String encode(ServerSentEvent event) {
    byte[] bytes = EventEncoder.encode(event);
    assertThat(bytes).hasSize(EventEncoder.encodedLength(event));
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String data(String data) {
    return encode(ServerSentEvent.of(data));
  }

  @Test
  void dataIsOneLineEndedByABlankLine() {
    assertThat(data("hello")).isEqualTo("data: hello\n\n");
  }

  @Test
  void lfInDataStartsANewDataLine() {
    assertThat(data("a\nb")).isEqualTo("data: a\ndata: b\n\n");
  }

  @Test
  void crInDataStartsANewDataLine() {
    assertThat(data("a\rb")).isEqualTo("data: a\ndata: b\n\n");
  }

  @Test
  void crLfInDataIsOneLineBreak() {
    assertThat(data("a\r\nb")).isEqualTo("data: a\ndata: b\n\n");
  }

  @Test
  void lfCrInDataIsTwoLineBreaks() {
    assertThat(data("a\n\rb")).isEqualTo("data: a\ndata:\ndata: b\n\n");
  }

  @Test
  void trailingLineBreakInDataBecomesAnEmptyDataLine() {
    assertThat(data("a\n")).isEqualTo("data: a\ndata:\n\n");
  }

  @Test
  void emptyDataIsOneEmptyDataLine() {
    assertThat(data("")).isEqualTo("data:\n\n");
  }

  @Test
  void leadingSpaceInDataSurvivesBecauseTheSeparatorSpaceIsAlwaysWritten() {
    assertThat(data(" a")).isEqualTo("data:  a\n\n");
  }

  @Test
  void blankLinesInsideDataCannotEndTheEvent() {
    assertThat(data("a\n\ndata: injected\n\n")).isEqualTo("data: a\ndata:\ndata: data: injected\ndata:\ndata:\n\n");
  }

  @Test
  void fieldsAreWrittenCommentIdEventRetryData() {
    ServerSentEvent event = ServerSentEvent.builder()
        .data("d").retry(Duration.ofSeconds(3)).event("tick").id("7").comment("c").build();
    assertThat(encode(event)).isEqualTo(": c\nid: 7\nevent: tick\nretry: 3000\ndata: d\n\n");
  }

  @Test
  void retryIsWrittenInMilliseconds() {
    assertThat(encode(ServerSentEvent.builder().retryMillis(0).build())).isEqualTo("retry: 0\n\n");
    assertThat(encode(ServerSentEvent.builder().retryMillis(Long.MAX_VALUE).build()))
        .isEqualTo("retry: 9223372036854775807\n\n");
  }

  @Test
  void emptyIdIsWrittenSoItClearsTheReceiversLastEventId() {
    assertThat(encode(ServerSentEvent.builder().id("").data("x").build())).isEqualTo("id: \ndata: x\n\n");
  }

  @Test
  void commentWithLineBreaksBecomesSeveralCommentLines() {
    assertThat(encode(ServerSentEvent.ofComment("a\nb\r\nc\rd"))).isEqualTo(": a\n: b\n: c\n: d\n\n");
  }

  @Test
  void emptyCommentIsAColonLine() {
    assertThat(encode(ServerSentEvent.ofComment(""))).isEqualTo(":\n\n");
  }

  @Test
  void idWithLfIsRejectedNamingTheField() {
    assertThatThrownBy(() -> ServerSentEvent.builder().id("1\ndata: x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id ").hasMessageContaining("\\n");
  }

  @Test
  void idWithCrIsRejectedNamingTheField() {
    assertThatThrownBy(() -> ServerSentEvent.builder().id("1\r"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id ");
  }

  @Test
  void idWithNulIsRejected() {
    assertThatThrownBy(() -> ServerSentEvent.builder().id("1\u00002"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0000");
  }

  @Test
  void eventWithLfOrCrIsRejectedNamingTheField() {
    assertThatThrownBy(() -> ServerSentEvent.builder().event("tick\ndata: x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("event ");
    assertThatThrownBy(() -> ServerSentEvent.of("tick\r", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("event ");
  }

  @Test
  void eventWithNulIsAllowedBecauseReceiversKeepIt() {
    assertThat(encode(ServerSentEvent.of("a\u0000b", "x"))).isEqualTo("event: a\u0000b\ndata: x\n\n");
  }

  @Test
  void multiByteCharactersAreUtf8() {
    assertThat(EventEncoder.encode(ServerSentEvent.of("\u00E9\u20AC\uD83D\uDE00")))
        .isEqualTo(utf8("data: \u00E9\u20AC\uD83D\uDE00\n\n"));
  }

  @Test
  void unpairedSurrogatesAreWrittenAsReplacementCharacters() {
    assertThat(data("a\uD800b\uDC00c\uD83D")).isEqualTo("data: a\uFFFDb\uFFFDc\uFFFD\n\n");
    assertThat(data("\uDE00\uD83D")).isEqualTo("data: \uFFFD\uFFFD\n\n");
  }

  @Test
  void highSurrogateBeforeALineBreakIsUnpaired() {
    assertThat(data("\uD83D\n\uDE00")).isEqualTo("data: \uFFFD\ndata: \uFFFD\n\n");
  }

  @Test
  void unpairedSurrogatesInIdAndEventAreReplacedToo() {
    assertThat(encode(ServerSentEvent.builder().id("\uD800").event("\uDC00").build()))
        .isEqualTo("id: \uFFFD\nevent: \uFFFD\n\n");
  }

  @Test
  void emptyEventIsJustABlankLine() {
    assertThat(encode(ServerSentEvent.builder().build())).isEqualTo("\n");
  }
}
