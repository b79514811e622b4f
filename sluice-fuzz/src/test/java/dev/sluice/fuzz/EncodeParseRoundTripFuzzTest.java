package dev.sluice.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.EventEncoder;
import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import dev.sluice.testing.Bytes;
import dev.sluice.testing.RecordingHandler;
import dev.sluice.testing.RecordingHandler.Comment;
import dev.sluice.testing.RecordingHandler.Retry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link EventEncoder} against {@link EventParser}: one to three events built from fuzzed
 * fields, encoded one after another, parsed as one stream.
 *
 * <h3>Oracles</h3>
 * <ul>
 *   <li>The builder refuses exactly what could inject a field: CR or LF in {@code id} or {@code
 *       event}, U+0000 in {@code id}, a negative {@code retry}; it accepts everything else.
 *   <li>No field injection, read off the bytes: no CR anywhere; every line is a comment, {@code
 *       id: }, {@code event: }, {@code retry: } or {@code data} line, as many of each as the event
 *       has values (one per CR/LF/CRLF-separated segment for data and comments); the only blank
 *       line is the last.
 *   <li>The round trip: the parser reports exactly the comments, the retry and the event (id, type,
 *       data) that were encoded, in that order, and the last event ID the stream set. Values come
 *       back as the class documents: CR and CRLF in data and comments as LF, unpaired surrogates as
 *       U+FFFD, an empty id or type as absent.
 *   <li>{@link EventEncoder#encodedLength} is exact, and every {@code encode} overload writes the
 *       same bytes, touching nothing outside its range.
 * </ul>
 */
class EncodeParseRoundTripFuzzTest {
  /** Chars that matter to the wire format; the rest of the char range comes from the fuzzer. */
  private static final char[] INTERESTING = {
    '\r', '\n', ':', ' ', '\0', '\uFEFF', '\uD83D', '\uDE00', '\u00E9', 'd', 'a', 't', 'i', 'e', '%',
  };

  @FuzzTest
  void encodedEventsParseBackToTheirFields(FuzzedDataProvider data) {
    int count = data.consumeInt(1, 3);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<Object> expected = new ArrayList<>();
    String lastEventId = "";
    for (int i = 0; i < count; i++) {
      ServerSentEvent event = buildOrCheckRefusal(data);
      byte[] encoded = EventEncoder.encode(event);
      checkEncodeOverloads(event, encoded);
      checkLines(event, encoded);
      stream.writeBytes(encoded);
      if (event.id().isPresent()) lastEventId = wellFormed(event.id().get());
      expected.addAll(expectedCallbacks(event, lastEventId));
    }

    byte[] bytes = stream.toByteArray();
    RecordingHandler recorder = new RecordingHandler();
    EventParser parser = EventParser.create(recorder);
    parser.feed(bytes);
    if (!recorder.callbacks().equals(expected) || !parser.lastEventId().equals(lastEventId)) {
      assertThat(recorder.callbacks()).as("parsed %s", Bytes.show(bytes)).isEqualTo(expected);
      assertThat(parser.lastEventId()).as("last event ID of %s", Bytes.show(bytes)).isEqualTo(lastEventId);
    }
  }

  /** Builds an event from fuzzed fields; a field the builder must refuse is checked and left out. */
  private static ServerSentEvent buildOrCheckRefusal(FuzzedDataProvider data) {
    ServerSentEvent.Builder builder = ServerSentEvent.builder();
    int fields = data.consumeInt(0, 31);
    if ((fields & 1) != 0) {
      String id = text(data, 48);
      if (containsAny(id, "\r\n\0")) {
        assertThatThrownBy(() -> builder.id(id)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("id must not contain");
      } else {
        builder.id(id);
      }
    }
    if ((fields & 2) != 0) {
      String event = text(data, 48);
      if (containsAny(event, "\r\n")) {
        assertThatThrownBy(() -> builder.event(event)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("event must not contain");
      } else {
        builder.event(event);
      }
    }
    if ((fields & 4) != 0) {
      long retry = data.consumeLong();
      if (retry < 0) {
        assertThatThrownBy(() -> builder.retryMillis(retry)).isInstanceOf(IllegalArgumentException.class);
      } else {
        builder.retryMillis(retry);
      }
    }
    if ((fields & 8) != 0) builder.comment(text(data, 96));
    if ((fields & 16) != 0) builder.data(text(data, 256));
    return builder.build();
  }

  private static void checkEncodeOverloads(ServerSentEvent event, byte[] encoded) {
    assertThat(EventEncoder.encodedLength(event)).as("encodedLength").isEqualTo(encoded.length);
    byte[] padded = new byte[encoded.length + 6];
    Arrays.fill(padded, (byte) 0x5A);
    assertThat(EventEncoder.encode(event, padded, 3)).isEqualTo(encoded.length);
    assertThat(Arrays.copyOfRange(padded, 3, 3 + encoded.length)).isEqualTo(encoded);
    assertThat(Arrays.copyOfRange(padded, 0, 3)).containsOnly((byte) 0x5A);
    assertThat(Arrays.copyOfRange(padded, 3 + encoded.length, padded.length)).containsOnly((byte) 0x5A);
    ByteBuffer direct = ByteBuffer.allocateDirect(encoded.length + 2).position(1);
    EventEncoder.encode(event, direct);
    assertThat(direct.position()).isEqualTo(1 + encoded.length);
    byte[] fromDirect = new byte[encoded.length];
    direct.position(1).get(fromDirect);
    assertThat(fromDirect).as("direct ByteBuffer").isEqualTo(encoded);
  }

  /** The bytes themselves: only the fields the event has, each line what it says it is. */
  private static void checkLines(ServerSentEvent event, byte[] encoded) {
    String text = new String(encoded, StandardCharsets.UTF_8);
    assertThat(text).as("encoded %s", event).doesNotContain("\r").endsWith("\n");
    // An event without fields is the blank line alone; any other ends its last field, then blanks.
    if (text.length() > 1) assertThat(text).as("encoded %s", event).endsWith("\n\n");
    String[] lines = text.length() > 1 ? text.substring(0, text.length() - 2).split("\n", -1) : new String[0];
    int comments = 0;
    int ids = 0;
    int events = 0;
    int retries = 0;
    int dataLines = 0;
    for (String line : lines) {
      if (line.startsWith(":")) {
        comments++;
      } else if (line.startsWith("id: ")) {
        ids++;
      } else if (line.startsWith("event: ")) {
        events++;
      } else if (line.startsWith("retry: ")) {
        retries++;
        assertThat(line.substring(7)).as("retry value").matches("[0-9]+");
      } else if (line.equals("data") || line.startsWith("data:")) {
        dataLines++;
      } else {
        throw new AssertionError("line " + Bytes.show(Bytes.utf8(line)) + " of " + event + " is no field");
      }
    }
    assertThat(comments).as("comment lines of %s", event)
        .isEqualTo(event.comment().map(c -> segments(c).size()).orElse(0));
    assertThat(ids).as("id lines of %s", event).isEqualTo(event.id().isPresent() ? 1 : 0);
    assertThat(events).as("event lines of %s", event).isEqualTo(event.event().isPresent() ? 1 : 0);
    assertThat(retries).as("retry lines of %s", event).isEqualTo(event.retry().isPresent() ? 1 : 0);
    assertThat(dataLines).as("data lines of %s", event)
        .isEqualTo(event.hasData() ? segments(event.data()).size() : 0);
  }

  /** What a parser reports for one encoded event, given the last event ID after its blank line. */
  private static List<Object> expectedCallbacks(ServerSentEvent event, String lastEventId) {
    List<Object> callbacks = new ArrayList<>();
    event.comment().ifPresent(comment -> {
      for (String segment : segments(comment)) callbacks.add(new Comment(wellFormed(segment)));
    });
    event.retry().ifPresent(retry -> callbacks.add(new Retry(retry.toMillis())));
    if (event.hasData()) {
      ServerSentEvent.Builder parsed = ServerSentEvent.builder()
          .data(wellFormed(String.join("\n", segments(event.data()))));
      if (!lastEventId.isEmpty()) parsed.id(lastEventId);
      event.event().filter(type -> !type.isEmpty()).ifPresent(type -> parsed.event(wellFormed(type)));
      callbacks.add(parsed.build());
    }
    return callbacks;
  }

  /** {@code text} split at every CR, LF and CRLF. */
  private static List<String> segments(String text) {
    return Arrays.asList(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
  }

  /** {@code text} with every unpaired surrogate replaced by U+FFFD, as UTF-8 cannot carry one. */
  private static String wellFormed(String text) {
    StringBuilder result = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        result.append(c).append(text.charAt(++i));
      } else {
        result.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return result.toString();
  }

  /** Up to {@code max} chars, each an {@link #INTERESTING} one or any char the fuzzer picks. */
  private static String text(FuzzedDataProvider data, int max) {
    int length = data.consumeInt(0, max);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int pick = data.consumeInt(0, INTERESTING.length);
      text.append(pick < INTERESTING.length ? INTERESTING[pick] : data.consumeChar());
    }
    return text.toString();
  }

  private static boolean containsAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) return true;
    }
    return false;
  }
}
