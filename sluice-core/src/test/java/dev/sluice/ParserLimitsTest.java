package dev.sluice;

import static dev.sluice.LimitExceededException.Limit.EVENT_SIZE;
import static dev.sluice.LimitExceededException.Limit.LINE_LENGTH;
import static dev.sluice.testing.Bytes.utf8;
import static dev.sluice.testing.Events.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.RecordingHandler.Comment;
import dev.sluice.testing.RecordingHandler.Limit;
import dev.sluice.testing.RecordingHandler.Retry;
import dev.sluice.testing.Transcript;
import org.junit.jupiter.api.Test;

/**
 * Past a limit the parser reports once, drops the event being read (its data and the offending
 * line), keeps processing that event's other fields, and parses the next event normally.
 */
class ParserLimitsTest {
  private static Transcript withLineLimit(int max, String stream) {
    return ChunkedFeeder.parse(utf8(stream), b -> b.maxLineLength(max));
  }

  private static Transcript withEventLimit(int max, String stream) {
    return ChunkedFeeder.parse(utf8(stream), b -> b.maxEventSize(max));
  }

  @Test
  void lineAtTheLimitIsAccepted() {
    assertThat(withLineLimit(8, "data: ab\n\n").callbacks()).containsExactly(data("ab"));
  }

  @Test
  void overlongLineIsReportedOnceAndItsEventDiscarded() {
    assertThat(withLineLimit(8, "data: abc\ndata: x\n\n").callbacks())
        .containsExactly(new Limit(LINE_LENGTH, 8));
  }

  @Test
  void parsingResumesAfterTheNextBlankLine() {
    assertThat(withLineLimit(8, "data: a\ndata: abcdefgh\ndata: b\n\ndata: ok\n\n").callbacks())
        .containsExactly(new Limit(LINE_LENGTH, 8), data("ok"));
  }

  @Test
  void secondOverlongLineInTheSameEventIsNotReportedAgain() {
    assertThat(withLineLimit(4, "data: abc\n: longer\n\n").callbacks())
        .containsExactly(new Limit(LINE_LENGTH, 4));
  }

  @Test
  void overlongLinesInSeparateEventsAreEachReported() {
    assertThat(withLineLimit(4, "data: abc\n\ndata: abc\n\n").callbacks())
        .containsExactly(new Limit(LINE_LENGTH, 4), new Limit(LINE_LENGTH, 4));
  }

  @Test
  void overlongCommentIsReportedAndDiscardsItsEvent() {
    assertThat(withLineLimit(8, "data: a\n: a long comment\n\ndata: b\n\n").callbacks())
        .containsExactly(new Limit(LINE_LENGTH, 8), data("b"));
  }

  @Test
  void otherFieldsOfADiscardedEventStillTakeEffect() {
    Transcript transcript = withLineLimit(8, "data: abcdefgh\nid: 9\nretry: 5\n: hi\n\n");
    assertThat(transcript.callbacks())
        .containsExactly(new Limit(LINE_LENGTH, 8), new Retry(5), new Comment("hi"));
    assertThat(transcript.lastEventId()).isEqualTo("9");
  }

  @Test
  void bomCountsTowardsTheLineLimit() {
    assertThat(withLineLimit(7, "\uFEFFdata: a\n\ndata: b\n\n").callbacks())
        .containsExactly(new Limit(LINE_LENGTH, 7), data("b"));
  }

  @Test
  void bomIsNotStrippedAfterAnOverlongFirstLine() {
    // The overlong line was the stream's first, so a BOM on the next line is part of a field name.
    Transcript transcript = withLineLimit(12, "0123456789abc\n\uFEFFid: 5\n\n");
    assertThat(transcript.callbacks()).containsExactly(new Limit(LINE_LENGTH, 12));
    assertThat(transcript.lastEventId()).isEmpty();
  }

  @Test
  void dataAtTheEventLimitIsDispatched() {
    // The event size counts each data value plus the LF the data buffer gets per line.
    assertThat(withEventLimit(6, "data: ab\ndata: c\n\n").callbacks()).containsExactly(data("ab\nc"));
  }

  @Test
  void dataOverTheEventLimitIsReportedOnceAndDiscarded() {
    assertThat(withEventLimit(6, "data: ab\ndata: cd\ndata: e\n\ndata: ok\n\n").callbacks())
        .containsExactly(new Limit(EVENT_SIZE, 6), data("ok"));
  }

  @Test
  void eventLimitAppliesToEachEventSeparately() {
    assertThat(withEventLimit(3, "data: ab\n\ndata: cd\n\n").callbacks()).containsExactly(data("ab"), data("cd"));
  }

  @Test
  void idAfterOversizedDataStillSetsLastEventId() {
    Transcript transcript = withEventLimit(4, "data: abcdef\nid: 3\n\n");
    assertThat(transcript.callbacks()).containsExactly(new Limit(EVENT_SIZE, 4));
    assertThat(transcript.lastEventId()).isEqualTo("3");
  }

  @Test
  void limitReportCarriesTheLimitAndAMessage() {
    LimitExceededException error = new LimitExceededException(LINE_LENGTH, 8);
    assertThat(error.limit()).isEqualTo(LINE_LENGTH);
    assertThat(error.maxBytes()).isEqualTo(8);
    assertThat(error).hasMessage("event stream exceeded the maximum line length of 8 bytes");
    assertThat(error).isInstanceOf(SseException.class);
  }

  @Test
  void limitsBelowOneAreRejected() {
    assertThatThrownBy(() -> EventParser.builder().maxLineLength(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLineLength");
    assertThatThrownBy(() -> EventParser.builder().maxEventSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEventSize");
  }
}
