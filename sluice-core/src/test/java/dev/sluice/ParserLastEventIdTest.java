package dev.sluice;

import static dev.sluice.testing.Bytes.utf8;
import static dev.sluice.testing.Events.data;
import static dev.sluice.testing.Events.withId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.Transcript;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The {@code id} field sets the stream's last event ID buffer; each blank line copies the buffer to
 * the event source's last event ID string, which events carry and reconnections send.
 */
class ParserLastEventIdTest {
  private static Transcript parse(String stream) {
    return ChunkedFeeder.parse(utf8(stream));
  }

  @Test
  void idIsCarriedByTheEvent() {
    Transcript transcript = parse("id: 7\ndata: a\n\n");
    assertThat(transcript.callbacks()).containsExactly(withId("7", "a"));
    assertThat(transcript.lastEventId()).isEqualTo("7");
  }

  @Test
  void idAfterDataInTheSameBlockApplies() {
    assertThat(parse("data: a\nid: 7\n\n").callbacks()).containsExactly(withId("7", "a"));
  }

  @Test
  void idPersistsAcrossEvents() {
    assertThat(parse("id: 7\ndata: a\n\ndata: b\n\n").callbacks())
        .containsExactly(withId("7", "a"), withId("7", "b"));
  }

  @Test
  void emptyIdClearsLastEventId() {
    Transcript transcript = parse("id: 7\ndata: a\n\nid\ndata: b\n\n");
    assertThat(transcript.callbacks()).containsExactly(withId("7", "a"), data("b"));
    assertThat(transcript.lastEventId()).isEmpty();
  }

  @Test
  void idWithColonAndNoValueAlsoClears() {
    assertThat(parse("id: 7\n\nid:\ndata: b\n\n").callbacks()).containsExactly(data("b"));
  }

  @Test
  void idContainingNulIsIgnored() {
    Transcript transcript = parse("id: 7\ndata: a\n\nid: 8\0x\ndata: b\n\n");
    assertThat(transcript.callbacks()).containsExactly(withId("7", "a"), withId("7", "b"));
    assertThat(transcript.lastEventId()).isEqualTo("7");
  }

  @Test
  void idKeepsSpacesBeyondTheFirst() {
    assertThat(parse("id:  7 \ndata: a\n\n").callbacks()).containsExactly(withId(" 7 ", "a"));
  }

  @Test
  void blankLineWithoutDataStillSetsLastEventId() {
    Transcript transcript = parse("id: 5\n\n");
    assertThat(transcript.callbacks()).isEmpty();
    assertThat(transcript.lastEventId()).isEqualTo("5");
  }

  @Test
  void idWithoutAFollowingBlankLineDoesNotChangeLastEventId() {
    assertThat(parse("id: 1\ndata: a\n\nid: 2\n").lastEventId()).isEqualTo("1");
  }

  @Test
  void seededLastEventIdIsKeptUntilTheFirstBlankLine() {
    Transcript transcript = ChunkedFeeder.parse(utf8("data: a\n"), b -> b.lastEventId("41"));
    assertThat(transcript.lastEventId()).isEqualTo("41");
  }

  // Browsers start each stream's ID buffer at the source's last event ID string (Chromium's
  // EventSourceParser is constructed with it; Firefox only assigns the ID when an id field was
  // read), so a resumed stream's events carry the ID the client resumed from. The standard's text
  // initializes the buffer to empty; Sluice dispatches what browsers dispatch.

  @Test
  void seededIdIsCarriedByEventsUntilTheStreamSetsOne() {
    Transcript transcript = ChunkedFeeder.parse(utf8("data: a\n\n"), b -> b.lastEventId("41"));
    assertThat(transcript.callbacks()).containsExactly(withId("41", "a"));
    assertThat(transcript.lastEventId()).isEqualTo("41");
  }

  @Test
  void endKeepsLastEventIdAndCarriesItIntoTheNextStream() {
    // Browsers (checked in Chromium) start a resumed stream's ID buffer at the last event ID,
    // so an event without its own id on the new connection still reports the old one.
    EventParser parser = EventParser.create(event -> {});
    parser.feed(utf8("id: 3\ndata: a\n\nid: 4\n"));
    parser.end();
    assertThat(parser.lastEventId()).isEqualTo("3");
    Transcript transcript = ChunkedFeeder.parseConnections(UnaryOperator.identity(),
        List.of(utf8("id: 3\ndata: a\n\nid: 4\n"), utf8("data: b\n\n")));
    assertThat(transcript.callbacks()).containsExactly(withId("3", "a"), withId("3", "b"));
  }
}
