package dev.sluice;

import static dev.sluice.LimitExceededException.Limit.EVENT_SIZE;
import static dev.sluice.LimitExceededException.Limit.LINE_LENGTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Bytes;
import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.RecordingHandler.Comment;
import dev.sluice.testing.RecordingHandler.Limit;
import dev.sluice.testing.Seeded;
import dev.sluice.testing.Transcript;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Hostile input never makes the parser throw, never depends on chunking, and never gets past the
 * configured limits: nothing it delivers is larger than they allow, and every overlong line is
 * reported.
 */
class ParserFuzzTest {
  private static final int MAX_LINE = 48;
  private static final int MAX_EVENT = 96;
  private static final UnaryOperator<EventParser.Builder> SMALL_LIMITS =
      b -> b.maxLineLength(MAX_LINE).maxEventSize(MAX_EVENT);
  /** Bytes that matter to the parser, weighted in; the rest of the byte range comes at random. */
  private static final byte[] INTERESTING = Bytes.concat(
      "\r\n\n\n::  dataideventretry0123456789", Bytes.hex("00 80 BF C2 E0 ED EF BB BF F0 F4 F5 FF"));

  @Test
  void randomBytesNeverThrowAndRespectTheLimits() {
    Seeded.check(random -> {
      for (int round = 0; round < 600; round++) {
        checkStream(random, randomBytes(random, random.nextInt(600)));
      }
    });
  }

  @Test
  void mutatedValidStreamsNeverThrowAndRespectTheLimits() {
    Seeded.check(random -> {
      for (int round = 0; round < 600; round++) {
        checkStream(random, mutate(random, validStream(random)));
      }
    });
  }

  @Test
  void hugeLineWithoutABreakIsReportedOnceAndNotBuffered() {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'a');
    Transcript transcript = ChunkedFeeder.feed(b -> b.maxLineLength(1024), parser -> {
      for (int i = 0; i < 256; i++) parser.feed(chunk); // 16 MiB on one line.
      parser.feed(Bytes.utf8("\n\ndata: after\n\n"));
    });
    assertThat(transcript.callbacks()).containsExactly(new Limit(LINE_LENGTH, 1024), ServerSentEvent.of("after"));
  }

  @Test
  void hugeEventOfShortLinesIsReportedOnceAndNotBuffered() {
    byte[] lines = Bytes.utf8("data: 0123456789abcdef\n".repeat(4096));
    Transcript transcript = ChunkedFeeder.feed(b -> b.maxEventSize(64 * 1024), parser -> {
      for (int i = 0; i < 64; i++) parser.feed(lines); // 6 MiB of data in one event.
      parser.feed(Bytes.utf8("\ndata: after\n\n"));
    });
    assertThat(transcript.callbacks()).containsExactly(new Limit(EVENT_SIZE, 64 * 1024), ServerSentEvent.of("after"));
  }

  private static void checkStream(Random random, byte[] stream) {
    Transcript whole = ChunkedFeeder.feed(SMALL_LIMITS, parser -> parser.feed(stream));
    Transcript chunked = ChunkedFeeder.feed(SMALL_LIMITS, parser -> Seeded.feedInRandomChunks(random, stream, parser));
    assertThat(chunked).as("random chunks of %s", Bytes.show(stream)).isEqualTo(whole);
    for (Object callback : whole.callbacks()) {
      if (callback instanceof ServerSentEvent) {
        ServerSentEvent event = (ServerSentEvent) callback;
        // Decoding never yields more chars than bytes, and the final LF is not part of the data.
        assertThat(event.data().length()).isLessThan(MAX_EVENT);
        assertThat(event.id().orElse("").length()).isLessThanOrEqualTo(MAX_LINE);
        assertThat(event.type().length()).isLessThanOrEqualTo(MAX_LINE);
      } else if (callback instanceof Comment) {
        assertThat(((Comment) callback).text().length()).isLessThan(MAX_LINE);
      }
    }
    assertThat(whole.lastEventId().length()).isLessThanOrEqualTo(MAX_LINE);
    if (hasLineLongerThan(stream, MAX_LINE)) {
      assertThat(whole.callbacks()).as("overlong line in %s", Bytes.show(stream)).contains(new Limit(LINE_LENGTH, MAX_LINE));
    }
  }

  /** Whether any line, ended by CR, LF or the end of the stream, has more than {@code max} bytes. */
  private static boolean hasLineLongerThan(byte[] stream, int max) {
    int length = 0;
    for (byte b : stream) {
      length = (b == '\r' || b == '\n') ? 0 : length + 1;
      if (length > max) return true;
    }
    return false;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = random.nextBoolean()
          ? INTERESTING[random.nextInt(INTERESTING.length)]
          : (byte) random.nextInt(256);
    }
    return bytes;
  }

  private static byte[] validStream(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = random.nextInt(8); i >= 0; i--) {
      ServerSentEvent.Builder event = ServerSentEvent.builder().data("x".repeat(random.nextInt(70)) + "\u00E9\n\uD83D\uDE00");
      if (random.nextBoolean()) event.id(Integer.toString(random.nextInt(1000)));
      if (random.nextBoolean()) event.event("tick");
      if (random.nextInt(4) == 0) event.retryMillis(random.nextInt(5000));
      if (random.nextInt(4) == 0) event.comment("keep-alive");
      out.writeBytes(EventEncoder.encode(event.build()));
    }
    return out.toByteArray();
  }

  /** Flips, inserts, deletes or duplicates a few random spans. */
  private static byte[] mutate(Random random, byte[] stream) {
    byte[] result = stream;
    for (int mutations = 1 + random.nextInt(4); mutations > 0 && result.length > 0; mutations--) {
      int at = random.nextInt(result.length);
      int span = Math.min(result.length - at, 1 + random.nextInt(8));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(result, 0, at);
      switch (random.nextInt(4)) {
        case 0 -> out.writeBytes(randomBytes(random, span)); // Overwrite.
        case 1 -> out.writeBytes(Bytes.concat(randomBytes(random, span), slice(result, at, span))); // Insert.
        case 2 -> { } // Delete.
        default -> out.writeBytes(Bytes.concat(slice(result, at, span), slice(result, at, span))); // Duplicate.
      }
      out.write(result, at + span, result.length - at - span);
      result = out.toByteArray();
    }
    return result;
  }

  private static byte[] slice(byte[] bytes, int offset, int length) {
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }
}
