package dev.sluice.internal;

import static dev.sluice.testing.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The WHATWG Encoding Standard's UTF-8 decoder: one U+FFFD per maximal subpart of an ill-formed
 * sequence, a byte that breaks a sequence starting afresh.
 */
class Utf8Test {
  private static final String R = "\uFFFD";

  private static String decode(String hexPairs) {
    byte[] bytes = hex(hexPairs);
    String result = Utf8.decode(bytes, 0, bytes.length);
    assertThat(Utf8.decodeExactly(bytes, 0, bytes.length)).as("slow path agrees").isEqualTo(result);
    return result;
  }

  @Test
  void asciiPassesThrough() {
    assertThat(decode("61 00 7F")).isEqualTo("a\0\u007F");
  }

  @Test
  void wellFormedSequencesOfEveryLengthDecode() {
    assertThat(decode("C2 80 DF BF E0 A0 80 ED 9F BF EE 80 80 EF BF BF F0 90 80 80 F4 8F BF BF"))
        .isEqualTo("\u0080\u07FF\u0800\uD7FF\uE000\uFFFF\uD800\uDC00\uDBFF\uDFFF");
  }

  @Test
  void literalReplacementCharacterSurvives() {
    assertThat(decode("61 EF BF BD 62")).isEqualTo("a" + R + "b");
  }

  @Test
  void encodedSurrogateIsThreeReplacements() {
    assertThat(decode("ED A0 80")).isEqualTo(R + R + R);
    assertThat(decode("ED BF BF")).isEqualTo(R + R + R);
  }

  @Test
  void overlongFormsAreOneReplacementPerByte() {
    assertThat(decode("C0 80")).isEqualTo(R + R);
    assertThat(decode("C1 BF")).isEqualTo(R + R);
    assertThat(decode("E0 80 80")).isEqualTo(R + R + R);
    assertThat(decode("E0 9F BF")).isEqualTo(R + R + R);
    assertThat(decode("F0 80 80 80")).isEqualTo(R + R + R + R);
    assertThat(decode("F0 8F BF BF")).isEqualTo(R + R + R + R);
  }

  @Test
  void codePointsAboveU10FFFFAreOneReplacementPerByte() {
    assertThat(decode("F4 90 80 80")).isEqualTo(R + R + R + R);
  }

  @ParameterizedTest
  @CsvSource({"F5", "F7", "F8", "FB", "FC", "FD", "FE", "FF"})
  void bytesF5ToFFAreNeverValid(String lead) {
    assertThat(decode(lead)).isEqualTo(R);
    assertThat(decode(lead + " 80 80 80")).isEqualTo(R + R + R + R);
  }

  @Test
  void loneContinuationBytesAreOneReplacementEach() {
    assertThat(decode("80 BF 61")).isEqualTo(R + R + "a");
  }

  @Test
  void truncatedSequenceFollowedByAsciiIsOneReplacementAndKeepsTheAscii() {
    assertThat(decode("E2 82 61")).isEqualTo(R + "a");
    assertThat(decode("F0 9F 98 0A")).isEqualTo(R + "\n");
  }

  @Test
  void truncatedSequenceAtEndOfInputIsOneReplacement() {
    assertThat(decode("61 F0 9F 98")).isEqualTo("a" + R);
    assertThat(decode("C3")).isEqualTo(R);
  }

  @Test
  void byteThatBreaksASequenceStartsTheNextOne() {
    assertThat(decode("E0 A0 C3 A9")).isEqualTo(R + "\u00E9");
    assertThat(decode("F0 9F C0 80")).isEqualTo(R + R + R);
  }

  @Test
  void decodesASubrangeOnly() {
    byte[] bytes = hex("FF 61 62 FF");
    assertThat(Utf8.decode(bytes, 1, 2)).isEqualTo("ab");
  }

  /** Why sluice has its own decoder: the JDK groups an encoded surrogate into one U+FFFD. */
  @Test
  void jdkDecoderDiffersFromWhatwgOnEncodedSurrogates() throws CharacterCodingException {
    byte[] surrogate = hex("ED A0 80");
    String jdkString = new String(surrogate, StandardCharsets.UTF_8);
    CharBuffer jdkDecoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .decode(ByteBuffer.wrap(surrogate));
    assertThat(jdkString).isEqualTo(R);
    assertThat(jdkDecoder.toString()).isEqualTo(R);
    assertThat(Utf8.decode(surrogate, 0, surrogate.length)).isEqualTo(R + R + R);
  }
}
