package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The encoder's fast path for plain ASCII fields must write exactly what the general path writes,
 * and must hand every other event to the general path: each case checks both which path took the
 * event and the bytes, against a reference built from plain String operations.
 */
class PlainEventEncoderTest {
  private static boolean takesFastPath(ServerSentEvent event) {
    return PlainEventEncoder.length(event) >= 0;
  }

  /** Encodes with the three entry points and checks they agree with each other and the reference. */
  private static void assertEncodesLikeReference(ServerSentEvent event) {
    byte[] expected = reference(event);
    assertThat(EventEncoder.encodedLength(event)).isEqualTo(expected.length);
    assertThat(EventEncoder.encode(event)).isEqualTo(expected);
    byte[] padded = new byte[expected.length + 7];
    assertThat(EventEncoder.encode(event, padded, 3)).isEqualTo(expected.length);
    byte[] written = Arrays.copyOfRange(padded, 3, 3 + expected.length);
    assertThat(written).isEqualTo(expected);
    assertThat(padded).startsWith(0, 0, 0).endsWith(0, 0, 0, 0);
  }

  private static void assertPath(ServerSentEvent event, boolean fast) {
    assertThat(takesFastPath(event)).as("fast path for %s", event).isEqualTo(fast);
    assertEncodesLikeReference(event);
  }

  @Test
  void plainAsciiDataTakesTheFastPath() {
    assertPath(ServerSentEvent.of("{\"n\":00000042}"), true);
  }

  @Test
  void allFieldsPlainTakesTheFastPath() {
    assertPath(ServerSentEvent.builder().comment("c").id("7").event("tick").retryMillis(1234567890123L)
        .data("x".repeat(100)).build(), true);
  }

  @Test
  void emptyStringsTakeTheFastPathAndKeepTheirSpacing() {
    assertPath(ServerSentEvent.builder().comment("").id("").event("").data("").build(), true);
    assertPath(ServerSentEvent.builder().build(), true);
  }

  @Test
  void crOrLfAtTheLastCharLeavesTheFastPath() {
    assertPath(ServerSentEvent.of("abc\r"), false);
    assertPath(ServerSentEvent.of("abc\n"), false);
    assertPath(ServerSentEvent.of("x".repeat(40) + "\r"), false);
    assertPath(ServerSentEvent.ofComment("abc\n"), false);
  }

  @Test
  void crOrLfAtTheFirstCharLeavesTheFastPath() {
    assertPath(ServerSentEvent.of("\rabc"), false);
    assertPath(ServerSentEvent.of("\n"), false);
  }

  @Test
  void nonAsciiAtTheFirstOrLastCharLeavesTheFastPath() {
    assertPath(ServerSentEvent.of("\u0080abc"), false);
    assertPath(ServerSentEvent.of("abc\u00FF"), false);
    assertPath(ServerSentEvent.of("\u00E9" + "x".repeat(40)), false);
    assertPath(ServerSentEvent.builder().id("\u20AC1").data("x").build(), false);
    assertPath(ServerSentEvent.of("\u00E9vent", "x"), false);
  }

  @Test
  void charsNextToTheRangeEdgesGoWhereTheyBelong() {
    assertPath(ServerSentEvent.of("\u007F"), true); // DEL is ASCII.
    assertPath(ServerSentEvent.of("\u000E"), true); // The first char above CR.
    assertPath(ServerSentEvent.of("\u000C"), false); // Below CR: left to the general path.
    assertPath(ServerSentEvent.of("a\tb"), false);
  }

  @Test
  void surrogatesLeaveTheFastPath() {
    assertPath(ServerSentEvent.of("\uD83D\uDE00"), false);
    assertPath(ServerSentEvent.of("ab\uD83D"), false);
    assertPath(ServerSentEvent.of("\uDE00ab"), false);
  }

  @Test
  void nonAsciiInOneFieldSendsTheWholeEventToTheGeneralPath() {
    assertPath(ServerSentEvent.builder().id("1").event("tick").data("plain").comment("\u00E9").build(), false);
  }

  @Test
  void cachedLengthStaysExactWhenLengthIsAskedBeforeAndAfterEncoding() {
    ServerSentEvent plain = ServerSentEvent.builder().id("1").data("abc").build();
    ServerSentEvent general = ServerSentEvent.builder().id("1").data("a\u00E9\nb").build();
    for (ServerSentEvent event : new ServerSentEvent[] {plain, general}) {
      int first = EventEncoder.encodedLength(event);
      assertThat(EventEncoder.encode(event)).hasSize(first).isEqualTo(reference(event));
      assertThat(EventEncoder.encodedLength(event)).isEqualTo(first);
    }
  }

  @Test
  void randomEventsNearThePathBoundaryMatchTheReference() {
    // Chars on both sides of each boundary the fast path tests, in strings around the bulk-copy size.
    char[] alphabet = {'a', 'Z', ' ', '\u000E', '\u007F', '\u0080', '\u00FF', '\u0100', '\r', '\n', '\t',
        '\u0000', '\uD83D', '\uDE00', '\uFFFF'};
    Seeded.check(random -> {
      for (int i = 0; i < 3000; i++) {
        ServerSentEvent.Builder event = ServerSentEvent.builder();
        if (random.nextInt(4) == 0) event.comment(randomText(random, alphabet));
        if (random.nextBoolean()) event.id(randomText(random, alphabet).replaceAll("[\r\n\u0000]", ""));
        if (random.nextInt(3) == 0) event.event(randomText(random, alphabet).replaceAll("[\r\n]", ""));
        if (random.nextInt(4) == 0) event.retryMillis(random.nextInt(Integer.MAX_VALUE));
        if (random.nextInt(5) > 0) event.data(randomText(random, alphabet));
        assertEncodesLikeReference(event.build());
      }
    });
  }

  /** Mostly plain text with, sometimes, one char from the alphabet at a random place. */
  private static String randomText(Random random, char[] alphabet) {
    int length = random.nextInt(3) == 0 ? random.nextInt(4) : random.nextInt(48);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) text.append((char) ('a' + random.nextInt(26)));
    if (length > 0 && random.nextBoolean()) text.setCharAt(random.nextInt(length), alphabet[random.nextInt(alphabet.length)]);
    return text.toString();
  }

  /** The encoding spelled out with String operations, independently of either encoder path. */
  private static byte[] reference(ServerSentEvent event) {
    StringBuilder block = new StringBuilder();
    event.comment().ifPresent(comment -> lines(block, "", comment));
    event.id().ifPresent(id -> block.append("id: ").append(id).append('\n'));
    event.event().ifPresent(type -> block.append("event: ").append(type).append('\n'));
    event.retry().ifPresent(retry -> block.append("retry: ").append(retry.toMillis()).append('\n'));
    if (event.hasData()) lines(block, "data", event.data());
    block.append('\n');
    return withUnpairedSurrogatesReplaced(block.toString()).getBytes(StandardCharsets.UTF_8);
  }

  private static void lines(StringBuilder block, String name, String text) {
    for (String line : text.split("\r\n|\r|\n", -1)) {
      block.append(name).append(':');
      if (!line.isEmpty()) block.append(' ').append(line);
      block.append('\n');
    }
  }

  /** What a browser's TextEncoder does (the JDK's own UTF-8 encoder would write '?' instead). */
  private static String withUnpairedSurrogatesReplaced(String text) {
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
}
