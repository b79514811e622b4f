package dev.sluice;

import static dev.sluice.testing.Bytes.utf8;
import static dev.sluice.testing.Events.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.RecordingHandler;
import dev.sluice.testing.Transcript;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** At the end of a stream pending data is discarded; {@link EventParser#end()} readies the next. */
class ParserStreamEndTest {
  @Test
  void unterminatedLastEventIsDiscardedAtEnd() {
    assertThat(ChunkedFeeder.parse(utf8("data: a\n\ndata: b\n")).callbacks()).containsExactly(data("a"));
  }

  @Test
  void unterminatedLastLineIsDiscardedAtEnd() {
    assertThat(ChunkedFeeder.parse(utf8("data: a\n\ndata: b")).callbacks()).containsExactly(data("a"));
  }

  @Test
  void emptyStreamReportsNothing() {
    Transcript transcript = ChunkedFeeder.parse(new byte[0]);
    assertThat(transcript.callbacks()).isEmpty();
    assertThat(transcript.lastEventId()).isEmpty();
  }

  @Test
  void endDiscardsPendingDataSoTheNextStreamStartsClean() {
    Transcript transcript = ChunkedFeeder.parseConnections(UnaryOperator.identity(),
        List.of(utf8("event: x\ndata: a\ndata: partial"), utf8("data: b\n\n")));
    assertThat(transcript.callbacks()).containsExactly(data("b"));
  }

  @Test
  void endForgetsATrailingCrSoTheNextStreamsLfIsABlankLine() {
    Transcript transcript = ChunkedFeeder.parseConnections(UnaryOperator.identity(),
        List.of(utf8("data: a\r"), utf8("\ndata: b\n\n")));
    assertThat(transcript.callbacks()).containsExactly(data("b"));
  }

  @Test
  void handlerSeesEventsInStreamOrderDuringFeed() {
    RecordingHandler recorder = new RecordingHandler();
    EventParser parser = EventParser.create(recorder);
    parser.feed(utf8("data: 1\n\ndata: 2\n\ndata: 3"));
    assertThat(recorder.events()).containsExactly(data("1"), data("2"));
  }

  @Test
  void feedRejectsARangeOutsideTheArray() {
    EventParser parser = EventParser.create(event -> {});
    assertThatThrownBy(() -> parser.feed(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
