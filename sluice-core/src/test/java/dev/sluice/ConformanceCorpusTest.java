package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.BrowserEvents;
import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.ConformanceCase;
import dev.sluice.testing.ConformanceCorpus;
import dev.sluice.testing.Transcript;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser dispatches what a browser does for every stream of the conformance corpus. */
class ConformanceCorpusTest {
  private static final int[] CHUNK_SIZES = {1, 2, 3, 5, 7, 16, 64, 4096};

  static List<ConformanceCase> corpus() {
    return ConformanceCorpus.load();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void parserDispatchesWhatABrowserDoes(ConformanceCase conformanceCase) {
    Transcript everyWay = ChunkedFeeder.parse(conformanceCase.stream());
    assertThat(json(everyWay)).isEqualTo(conformanceCase.expected());
    for (int chunkSize : CHUNK_SIZES) {
      Transcript chunked =
          ChunkedFeeder.parseInChunks(conformanceCase.stream(), chunkSize, UnaryOperator.identity());
      assertThat(json(chunked)).as("chunks of %d bytes", chunkSize).isEqualTo(conformanceCase.expected());
    }
  }

  @Test
  void corpusCoversManyRulesWithUniqueNames() {
    List<ConformanceCase> cases = corpus();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    assertThat(cases).extracting(ConformanceCase::name).doesNotHaveDuplicates();
    assertThat(cases).allSatisfy(c -> assertThat(c.stream()).isNotEmpty());
  }

  @Test
  void browserJsonEscapesLikeJsonStringify() {
    ServerSentEvent event = ServerSentEvent.builder()
        .id("q\"\\").event("t").data("\u0000\t\u001f\u007f\uFFFD\uD83D\uDE00\uD800 \u2028").build();
    assertThat(BrowserEvents.json(event)).isEqualTo(
        "{\"type\":\"t\",\"lastEventId\":\"q\\\"\\\\\",\"data\":\"\\u0000\\t\\u001f\u007f\uFFFD\uD83D\uDE00\\ud800 \u2028\"}");
  }

  private static List<String> json(Transcript transcript) {
    return transcript.events().stream().map(BrowserEvents::json).toList();
  }
}
