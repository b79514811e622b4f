package dev.sluice;

import static dev.sluice.testing.Bytes.concat;
import static dev.sluice.testing.Bytes.hex;
import static dev.sluice.testing.Events.data;
import static dev.sluice.testing.Events.typed;
import static dev.sluice.testing.Events.withId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.RecordingHandler.Comment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream is decoded as UTF-8 the WHATWG way, wherever its chunks happen to end. */
class ParserDecodingTest {
  private static final String R = "\uFFFD";

  private static List<Object> parse(Object... pieces) {
    return ChunkedFeeder.parse(concat(pieces)).callbacks();
  }

  @Test
  void codePointsSplitAcrossChunksDecodeWhole() {
    // The harness splits this at every offset, so each multi-byte sequence is cut at every byte.
    assertThat(parse("data: \u00E9\u20AC\uD83D\uDE00\n\n")).containsExactly(data("\u00E9\u20AC\uD83D\uDE00"));
  }

  @Test
  void encodedSurrogateInDataIsThreeReplacements() {
    assertThat(parse("data: ", hex("ED A0 80"), "\n\n")).containsExactly(data(R + R + R));
  }

  @Test
  void overlongNulInIdIsNotANulSoTheIdIsKept() {
    assertThat(parse("id: a", hex("C0 80"), "\ndata: x\n\n")).containsExactly(withId("a" + R + R, "x"));
  }

  @Test
  void truncatedSequenceAtLineEndIsOneReplacement() {
    assertThat(parse("data: ", hex("E2 82"), "\ndata: ", hex("F0 9F 98"), "\r\n\n"))
        .containsExactly(data(R + "\n" + R));
  }

  @Test
  void truncatedSequenceAtEndOfStreamIsDiscardedWithTheUnterminatedLine() {
    assertThat(parse("data: a\n\ndata: ", hex("F0 9F"))).containsExactly(data("a"));
  }

  @Test
  void invalidBytesInEventTypeAndCommentAreReplaced() {
    assertThat(parse(":", hex("FF"), "\nevent: ", hex("C3"), "\ndata: x\n\n"))
        .containsExactly(new Comment(R), typed(R, "x"));
  }

  @Test
  void invalidBytesInAFieldNameMakeItUnknown() {
    assertThat(parse("dat", hex("E1"), "a: x\n\n")).isEmpty();
  }

  @Test
  void bytesF5ToFFInDataAreReplacedOneEach() {
    assertThat(parse("data: ", hex("F5 FE FF"), "\n\n")).containsExactly(data(R + R + R));
  }
}
