package dev.sluice;

import static dev.sluice.testing.Bytes.concat;
import static dev.sluice.testing.Bytes.hex;
import static dev.sluice.testing.Bytes.utf8;
import static dev.sluice.testing.Events.data;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.Transcript;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Lines end at CRLF, LF or CR; one leading BOM is stripped at stream start only. */
class ParserLineBreakTest {
  private static Transcript parse(String stream) {
    return ChunkedFeeder.parse(utf8(stream));
  }

  @Test
  void lfEndsLines() {
    assertThat(parse("data: a\ndata: b\n\n").callbacks()).containsExactly(data("a\nb"));
  }

  @Test
  void crEndsLines() {
    assertThat(parse("data: a\rdata: b\r\r").callbacks()).containsExactly(data("a\nb"));
  }

  @Test
  void crLfEndsLines() {
    assertThat(parse("data: a\r\ndata: b\r\n\r\n").callbacks()).containsExactly(data("a\nb"));
  }

  @Test
  void mixedLineEndingsInOneStreamAllCount() {
    assertThat(parse("data: a\rdata: b\ndata: c\r\n\n").callbacks()).containsExactly(data("a\nb\nc"));
  }

  @Test
  void crAtEndOfChunkThenLfStartingNextIsOneLineBreak() {
    Transcript transcript = ChunkedFeeder.feed(UnaryOperator.identity(), parser -> {
      parser.feed(utf8("data: a\r"));
      parser.feed(utf8("\ndata: b\r"));
      parser.feed(utf8("\n\r"));
      parser.feed(utf8("\n"));
    });
    assertThat(transcript.callbacks()).containsExactly(data("a\nb"));
    assertThat(parse("data: a\r\ndata: b\r\n\r\n")).isEqualTo(transcript);
  }

  @Test
  void crAtEndOfChunkStillEndsTheLineWhenNoLfFollows() {
    Transcript transcript = ChunkedFeeder.feed(UnaryOperator.identity(), parser -> {
      parser.feed(utf8("data: a\r"));
      parser.feed(utf8("\r"));
    });
    assertThat(transcript.callbacks()).containsExactly(data("a"));
    assertThat(parse("data: a\r\r")).isEqualTo(transcript);
  }

  @Test
  void emptyChunkBetweenCrAndLfDoesNotSplitTheLineBreak() {
    Transcript transcript = ChunkedFeeder.feed(UnaryOperator.identity(), parser -> {
      parser.feed(utf8("data: a\r"));
      parser.feed(new byte[0]);
      parser.feed(utf8("\n\n"));
    });
    assertThat(transcript.callbacks()).containsExactly(data("a"));
    assertThat(parse("data: a\r\n\n")).isEqualTo(transcript);
  }

  @Test
  void crCrIsTwoLineBreaksAndDispatches() {
    assertThat(parse("data: a\r\r").callbacks()).containsExactly(data("a"));
  }

  @Test
  void lfCrIsTwoLineBreaksAndDispatches() {
    assertThat(parse("data: a\n\r").callbacks()).containsExactly(data("a"));
  }

  @Test
  void crLfCrLfIsTwoLineBreaksNotThree() {
    assertThat(parse("data: a\r\n\r\ndata: b\r\n\r\n").callbacks()).containsExactly(data("a"), data("b"));
  }

  @Test
  void bomIsStrippedOnlyAtStreamStart() {
    assertThat(parse("\uFEFFdata: a\n\n").callbacks()).containsExactly(data("a"));
    assertThat(parse("\n\uFEFFdata: a\n\n").callbacks()).isEmpty();
  }

  @Test
  void onlyOneBomIsStripped() {
    assertThat(parse("\uFEFF\uFEFFdata: a\n\n").callbacks()).isEmpty();
  }

  @Test
  void bomInsideAValueIsKept() {
    assertThat(parse("data: \uFEFFa\n\n").callbacks()).containsExactly(data("\uFEFFa"));
  }

  @Test
  void incompleteBomIsDecodedAsReplacementNotStripped() {
    // EF BB then 'd' is a truncated sequence: one U+FFFD joins the field name, which is then unknown.
    assertThat(ChunkedFeeder.parse(concat(hex("EF BB"), "data: a\n\n")).callbacks()).isEmpty();
  }

  @Test
  void bomIsStrippedAgainAtTheStartOfTheNextStream() {
    Transcript transcript = ChunkedFeeder.parseConnections(
        UnaryOperator.identity(), List.of(utf8("\uFEFFdata: a\n\n"), utf8("\uFEFFdata: b\n\n")));
    assertThat(transcript.callbacks()).containsExactly(data("a"), data("b"));
  }
}
