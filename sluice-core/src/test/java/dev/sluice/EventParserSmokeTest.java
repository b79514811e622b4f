package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventParserSmokeTest {
  @Test
  void encodedEventParsesBackAtEverySplit() {
    ServerSentEvent sent = ServerSentEvent.builder().id("7").event("tick").data("a\r\nb\rc\nd").build();
    byte[] bytes = EventEncoder.encode(sent);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo("id: 7\nevent: tick\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    for (int split = 0; split <= bytes.length; split++) {
      List<ServerSentEvent> received = new ArrayList<>();
      EventParser parser = EventParser.create(received::add);
      parser.feed(bytes, 0, split);
      parser.feed(bytes, split, bytes.length - split);
      assertThat(received).containsExactly(ServerSentEvent.builder().id("7").event("tick").data("a\nb\nc\nd").build());
    }
  }
}
