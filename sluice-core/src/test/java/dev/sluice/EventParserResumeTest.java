package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The last event ID across streams, as Chromium's EventSource keeps it. */
class EventParserResumeTest {
  private final List<ServerSentEvent> events = new ArrayList<>();

  @Test
  void eventsOfResumedStreamWithoutIdCarryTheLastEventId() {
    EventParser parser = EventParser.create(events::add);
    parser.feed(bytes("id: 7\ndata: a\n\nid: 8\ndata: unterminated\n"));
    parser.end();
    parser.feed(bytes("data: b\n\n"));
    assertThat(events).containsExactly(
        ServerSentEvent.builder().id("7").data("a").build(),
        ServerSentEvent.builder().id("7").data("b").build());
    assertThat(parser.lastEventId()).isEqualTo("7");
  }

  @Test
  void initialLastEventIdIsCarriedUntilTheStreamSetsOne() {
    EventParser parser = EventParser.builder().lastEventId("41").build(events::add);
    parser.feed(bytes("data: a\n\nid\ndata: b\n\n"));
    assertThat(events).containsExactly(
        ServerSentEvent.builder().id("41").data("a").build(), ServerSentEvent.of("b"));
    assertThat(parser.lastEventId()).isEmpty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
