package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ChunkedFeeder;
import dev.sluice.testing.RecordingHandler.Comment;
import dev.sluice.testing.RecordingHandler.Retry;
import dev.sluice.testing.Seeded;
import dev.sluice.testing.Transcript;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever events are encoded, parsing the bytes in any chunking gives back the same
 * events, with the only changes the protocol forces: CR and CRLF in data and comments arrive as
 * LF, unpaired surrogates as U+FFFD, and an empty event type as {@code message}.
 */
class EncodeParseRoundTripTest {
  private static final int STREAMS = 400;
  private static final String[] PIECES = {
    "a", "Z", "0", " ", ":", "data", "id: 1", "\r", "\n", "\r\n", "\n\n", "\uFEFF", "\uFFFD",
    "\u00E9", "\u20AC", "\uD83D\uDE00", "\uD800", "\uDFFF", "\t", "\u2028"
  };

  @Test
  void encodedEventsParseBackInAnyChunking() {
    Seeded.check(random -> {
      for (int stream = 0; stream < STREAMS; stream++) {
        List<ServerSentEvent> sent = new ArrayList<>();
        for (int i = random.nextInt(12); i >= 0; i--) sent.add(randomEvent(random));
        byte[] bytes = encodeAll(sent);
        Transcript parsed = ChunkedFeeder.feed(UnaryOperator.identity(),
            parser -> Seeded.feedInRandomChunks(random, bytes, parser));
        Transcript expected = expectedTranscript(sent);
        assertThat(parsed).as("events %s", sent).isEqualTo(expected);
      }
    });
  }

  private static ServerSentEvent randomEvent(Random random) {
    ServerSentEvent.Builder builder = ServerSentEvent.builder();
    if (random.nextInt(3) == 0) builder.id(randomText(random, false));
    if (random.nextInt(3) == 0) builder.event(randomText(random, false));
    if (random.nextInt(5) == 0) builder.retryMillis(random.nextInt(4) == 0 ? Long.MAX_VALUE : random.nextInt(100_000));
    if (random.nextInt(6) == 0) builder.comment(randomText(random, true));
    if (random.nextInt(8) != 0) builder.data(randomText(random, true));
    return builder.build();
  }

  /** Random text from awkward pieces; CR, LF and U+0000 only where {@code lineBreaks} allows. */
  private static String randomText(Random random, boolean lineBreaks) {
    StringBuilder text = new StringBuilder();
    int pieces = random.nextInt(10) == 0 ? random.nextInt(400) : random.nextInt(8);
    while (pieces-- > 0) {
      String piece = random.nextInt(4) == 0
          ? String.valueOf((char) (0x20 + random.nextInt(0xD7E0)))
          : PIECES[random.nextInt(PIECES.length)];
      if (!lineBreaks) piece = piece.replace('\r', 'r').replace('\n', 'n');
      text.append(piece);
    }
    if (lineBreaks && random.nextInt(10) == 0) text.append('\0');
    return text.toString();
  }

  private static byte[] encodeAll(List<ServerSentEvent> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ServerSentEvent event : events) out.writeBytes(EventEncoder.encode(event));
    return out.toByteArray();
  }

  /** What the standard says a receiver reports for the encoded events, worked out independently. */
  private static Transcript expectedTranscript(List<ServerSentEvent> sent) {
    List<Object> callbacks = new ArrayList<>();
    String lastEventId = "";
    for (ServerSentEvent event : sent) {
      event.comment().ifPresent(comment -> {
        for (String line : receivedText(comment).split("\n", -1)) callbacks.add(new Comment(line));
      });
      if (event.id().isPresent()) lastEventId = receivedText(event.id().get());
      event.retry().ifPresent(retry -> callbacks.add(new Retry(retry.toMillis())));
      if (event.hasData()) {
        ServerSentEvent.Builder received = ServerSentEvent.builder().data(receivedText(event.data()));
        if (!lastEventId.isEmpty()) received.id(lastEventId);
        String type = receivedText(event.event().orElse(""));
        if (!type.isEmpty()) received.event(type);
        callbacks.add(received.build());
      }
    }
    return new Transcript(callbacks, lastEventId);
  }

  /** CRLF and CR become LF; an unpaired surrogate becomes U+FFFD. */
  private static String receivedText(String sent) {
    StringBuilder received = new StringBuilder();
    for (int i = 0; i < sent.length(); i++) {
      char c = sent.charAt(i);
      if (c == '\r') {
        received.append('\n');
        if (i + 1 < sent.length() && sent.charAt(i + 1) == '\n') i++;
      } else if (Character.isHighSurrogate(c) && i + 1 < sent.length() && Character.isLowSurrogate(sent.charAt(i + 1))) {
        received.append(c).append(sent.charAt(++i));
      } else {
        received.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return received.toString();
  }
}
