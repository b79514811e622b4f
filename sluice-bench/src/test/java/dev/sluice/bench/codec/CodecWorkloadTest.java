package dev.sluice.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.EventEncoder;
import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmarks measure what they claim: exact event sizes, and every event parsed back. */
class CodecWorkloadTest {
  @ParameterizedTest
  @ValueSource(ints = {32, 1024})
  void everyEventEncodesToExactlyTheEventSize(int eventSize) {
    CodecWorkload workload = new CodecWorkload(eventSize);
    assertThat(workload.events()).hasSize(CodecWorkload.DISTINCT_EVENTS)
        .allSatisfy(event -> assertThat(EventEncoder.encode(event)).hasSize(eventSize));
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 1024})
  void streamParsesBackToItsEventsAtBothChunkSizes(int eventSize) {
    CodecWorkload workload = new CodecWorkload(eventSize);
    byte[] stream = workload.stream();
    assertThat(stream).hasSize(CodecWorkload.STREAM_BYTES);
    for (int chunkSize : new int[] {64, 16384}) {
      List<ServerSentEvent> parsed = new ArrayList<>();
      EventParser parser = EventParser.create(parsed::add);
      for (int offset = 0; offset < stream.length; offset += chunkSize) {
        parser.feed(stream, offset, Math.min(chunkSize, stream.length - offset));
      }
      assertThat(parsed).hasSize(workload.eventsPerStream());
      assertThat(parsed.get(1)).isEqualTo(workload.events().get(1));
    }
  }

  @Test
  void smallEventsLookLikeJsonTicks() {
    assertThat(new String(EventEncoder.encode(new CodecWorkload(32).events().get(42)), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("id: 00042\ndata: {\"n\":00000042}\n\n");
  }
}
