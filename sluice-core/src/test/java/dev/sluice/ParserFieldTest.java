package dev.sluice;

import static dev.sluice.testing.Bytes.utf8;
import static dev.sluice.testing.Events.data;
import static dev.sluice.testing.Events.typed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.RecordingHandler.Comment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comments, field/value splitting, {@code data} buffering and the {@code event} type. */
class ParserFieldTest {
  private static List<Object> parse(String stream) {
    return ChunkedFeeder.parse(utf8(stream)).callbacks();
  }

  @Test
  void commentIsReportedAndNotDispatched() {
    assertThat(parse(": keep-alive\n\n")).containsExactly(new Comment("keep-alive"));
  }

  @Test
  void colonAloneIsAnEmptyComment() {
    assertThat(parse(":\n")).containsExactly(new Comment(""));
  }

  @Test
  void commentLosesOneLeadingSpaceOnly() {
    assertThat(parse(":  two\n:x\n")).containsExactly(new Comment(" two"), new Comment("x"));
  }

  @Test
  void commentInsideAnEventDoesNotEndIt() {
    assertThat(parse("data: a\n: note\ndata: b\n\n")).containsExactly(new Comment("note"), data("a\nb"));
  }

  @Test
  void exactlyOneLeadingSpaceRemoved() {
    assertThat(parse("data:  a\n\n")).containsExactly(data(" a"));
  }

  @Test
  void valueWithoutSpaceAfterColonIsTakenWhole() {
    assertThat(parse("data:a\n\n")).containsExactly(data("a"));
  }

  @Test
  void tabAfterColonIsNotRemoved() {
    assertThat(parse("data:\ta\n\n")).containsExactly(data("\ta"));
  }

  @Test
  void trailingSpacesAreKept() {
    assertThat(parse("data: a  \n\n")).containsExactly(data("a  "));
  }

  @Test
  void onlyTheFirstColonSeparatesNameFromValue() {
    assertThat(parse("data: a: b:c\n\n")).containsExactly(data("a: b:c"));
  }

  @Test
  void fieldWithoutColonHasEmptyValue() {
    assertThat(parse("data\n\n")).containsExactly(data(""));
  }

  @Test
  void fieldNamesAreCaseSensitive() {
    assertThat(parse("Data: a\nDATA: b\n\n")).isEmpty();
  }

  @Test
  void spaceBeforeColonMakesAnUnknownField() {
    assertThat(parse("data : a\n\n")).isEmpty();
  }

  @Test
  void unknownFieldsAreIgnored() {
    assertThat(parse("foo: bar\ndata: a\nretry2: 1\nid2: x\n\n")).containsExactly(data("a"));
  }

  @Test
  void dataLinesAreJoinedWithLf() {
    assertThat(parse("data: a\ndata: b\ndata: c\n\n")).containsExactly(data("a\nb\nc"));
  }

  @Test
  void emptyDataFieldDispatchesEmptyString() {
    assertThat(parse("data:\n\n")).containsExactly(data(""));
  }

  @Test
  void twoEmptyDataFieldsDispatchOneLf() {
    assertThat(parse("data\ndata\n\n")).containsExactly(data("\n"));
  }

  @Test
  void onlyOneTrailingLfIsRemoved() {
    assertThat(parse("data: a\ndata:\n\n")).containsExactly(data("a\n"));
  }

  @Test
  void blankLineWithoutDataDoesNotDispatch() {
    assertThat(parse("event: x\n\nid: 1\n\nretry2\n\n")).isEmpty();
  }

  @Test
  void consecutiveBlankLinesDispatchOnce() {
    assertThat(parse("data: a\n\n\n\n")).containsExactly(data("a"));
  }

  @Test
  void nulInDataIsKept() {
    assertThat(parse("data: a\0b\n\n")).containsExactly(data("a\0b"));
  }

  @Test
  void eventTypeDefaultsToMessage() {
    ServerSentEvent event = ChunkedFeeder.parse(utf8("data: a\n\n")).events().get(0);
    assertThat(event.type()).isEqualTo("message");
    assertThat(event.event()).isEmpty();
  }

  @Test
  void eventFieldSetsTheType() {
    assertThat(parse("event: tick\ndata: a\n\n")).containsExactly(typed("tick", "a"));
  }

  @Test
  void lastEventFieldInABlockWins() {
    assertThat(parse("event: a\nevent: b\ndata: x\n\n")).containsExactly(typed("b", "x"));
  }

  @Test
  void emptyEventFieldMeansMessage() {
    assertThat(parse("event: tick\nevent:\ndata: a\n\n")).containsExactly(data("a"));
  }

  @Test
  void eventTypeResetsAfterDispatch() {
    assertThat(parse("event: tick\ndata: 1\n\ndata: 2\n\n")).containsExactly(typed("tick", "1"), data("2"));
  }

  @Test
  void eventTypeResetsAtABlankLineEvenWithoutDispatch() {
    assertThat(parse("event: tick\n\ndata: 2\n\n")).containsExactly(data("2"));
  }

  @Test
  void eventTypeIsKeptVerbatim() {
    assertThat(parse("event:  Tick \ndata: a\n\n")).containsExactly(typed(" Tick ", "a"));
  }
}
