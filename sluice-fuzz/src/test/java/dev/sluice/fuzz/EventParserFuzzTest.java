package dev.sluice.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.EventParser;
import dev.sluice.LimitExceededException;
import dev.sluice.ServerSentEvent;
import dev.sluice.testing.Bytes;
import dev.sluice.testing.RecordingHandler;
import dev.sluice.testing.RecordingHandler.Comment;
import dev.sluice.testing.RecordingHandler.Limit;
import dev.sluice.testing.Transcript;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Fuzzes {@link EventParser} with hostile bytes under small limits.
 *
 * <h3>Input</h3>
 * Three header bytes, then the stream: {@code maxLineLength = 1 + h[0] % 64}, {@code maxEventSize =
 * 1 + h[1] % 128}, and {@code h[2]} seeds the random chunking. Small limits make the fuzzer reach
 * them with short inputs. The seeds in {@code EventParserFuzzTestInputs/} start with {@code "0`\0"}
 * (48, 96, 0).
 *
 * <h3>Oracles</h3>
 * <ul>
 *   <li>No exception escapes {@code feed} or {@code end}: the parser never throws on bad input.
 *   <li>Chunking does not matter: the whole array, random chunks, one byte at a time and a direct
 *       {@link ByteBuffer} give the same callbacks and the same last event ID.
 *   <li>Nothing delivered is larger than the limits allow: data under {@code maxEventSize} chars,
 *       id, type and comments at most {@code maxLineLength} (decoding never yields more chars than
 *       bytes); every limit reported names the configured maximum.
 *   <li>A line longer than {@code maxLineLength} is always reported, and a line-length report
 *       always has such a line behind it (no false alarms).
 * </ul>
 */
class EventParserFuzzTest {
  private static final int HEADER = 3;

  @FuzzTest
  void parsesAnyChunkingAlikeWithinLimits(byte[] input) {
    if (input.length < HEADER) return;
    int maxLine = 1 + (input[0] & 0xFF) % 64;
    int maxEvent = 1 + (input[1] & 0xFF) % 128;
    long chunkSeed = input[2] & 0xFF;
    byte[] stream = Arrays.copyOfRange(input, HEADER, input.length);

    Transcript whole = parse(maxLine, maxEvent, parser -> parser.feed(stream.clone()));
    Transcript chunked = parse(maxLine, maxEvent, parser -> feedInRandomChunks(new Random(chunkSeed), stream, parser));
    sameAs(whole, chunked, "random chunks (seed " + chunkSeed + ")", stream);
    Transcript byteByByte = parse(maxLine, maxEvent, parser -> {
      for (int i = 0; i < stream.length; i++) parser.feed(stream, i, 1);
    });
    sameAs(whole, byteByByte, "1-byte chunks", stream);
    Transcript direct = parse(maxLine, maxEvent, parser -> {
      ByteBuffer buffer = ByteBuffer.allocateDirect(stream.length).put(stream).flip();
      parser.feed(buffer);
      if (buffer.hasRemaining()) throw new AssertionError("direct buffer not consumed");
    });
    sameAs(whole, direct, "direct ByteBuffer", stream);

    checkLimits(whole, stream, maxLine, maxEvent);
  }

  /** Compares without building a description first: the fuzzer runs this thousands of times a second. */
  private static void sameAs(Transcript whole, Transcript other, String way, byte[] stream) {
    if (!other.equals(whole)) {
      assertThat(other).as("%s of %s", way, Bytes.show(stream)).isEqualTo(whole);
    }
  }

  private static void checkLimits(Transcript transcript, byte[] stream, int maxLine, int maxEvent) {
    boolean lineLimitReported = false;
    boolean anyLimitReported = false;
    for (Object callback : transcript.callbacks()) {
      if (callback instanceof ServerSentEvent event) {
        assertThat(event.data().length()).as("data of %s", event).isLessThan(maxEvent);
        assertThat(event.id().orElse("").length()).as("id of %s", event).isLessThanOrEqualTo(maxLine);
        assertThat(event.event().orElse("").length()).as("type of %s", event).isLessThanOrEqualTo(maxLine);
      } else if (callback instanceof Comment comment) {
        assertThat(comment.text().length()).as("comment").isLessThan(maxLine);
      } else if (callback instanceof Limit limit) {
        int expected = limit.limit() == LimitExceededException.Limit.LINE_LENGTH ? maxLine : maxEvent;
        assertThat(limit.maxBytes()).as("reported maximum of %s", limit.limit()).isEqualTo(expected);
        lineLimitReported |= limit.limit() == LimitExceededException.Limit.LINE_LENGTH;
        anyLimitReported = true;
      }
    }
    assertThat(transcript.lastEventId().length()).as("last event ID").isLessThanOrEqualTo(maxLine);
    boolean overlongLine = hasLineLongerThan(stream, maxLine);
    if (overlongLine) {
      assertThat(anyLimitReported).as("a line over %d bytes in %s", maxLine, Bytes.show(stream)).isTrue();
    }
    if (lineLimitReported) {
      assertThat(overlongLine).as("line-length report without a line over %d bytes in %s", maxLine,
          Bytes.show(stream)).isTrue();
    }
  }

  /** Whether a line, ended by CR, LF or the end of the stream, has more than {@code max} bytes. */
  private static boolean hasLineLongerThan(byte[] stream, int max) {
    int length = 0;
    for (byte b : stream) {
      length = (b == '\r' || b == '\n') ? 0 : length + 1;
      if (length > max) return true;
    }
    return false;
  }

  private static Transcript parse(int maxLine, int maxEvent, Consumer<EventParser> feeding) {
    RecordingHandler recorder = new RecordingHandler();
    EventParser parser = EventParser.builder().maxLineLength(maxLine).maxEventSize(maxEvent).build(recorder);
    feeding.accept(parser);
    parser.end();
    return new Transcript(recorder.callbacks(), parser.lastEventId());
  }

  /** Chunks of 0 to 7 bytes, empty ones included, as a network read can return. */
  private static void feedInRandomChunks(Random random, byte[] stream, EventParser parser) {
    int offset = 0;
    while (offset < stream.length) {
      int size = Math.min(random.nextInt(8), stream.length - offset);
      parser.feed(stream, offset, size);
      offset += size;
    }
  }
}
