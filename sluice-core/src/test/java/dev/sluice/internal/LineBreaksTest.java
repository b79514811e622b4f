package dev.sluice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Seeded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time search for CR and LF finds exactly the first one, wherever it is. */
class LineBreaksTest {
  @Test
  void findsTheFirstLineBreakAtEveryPositionAmongLookalikeBytes() {
    Seeded.check(random -> {
      for (int length = 0; length <= 40; length++) {
        for (int from = 0; from <= Math.min(length, 9); from++) {
          byte[] bytes = noise(random, length);
          assertThat(LineBreaks.indexOf(bytes, from, length)).isEqualTo(-1);
          for (int at = from; at < length; at++) {
            byte[] withBreak = bytes.clone();
            withBreak[at] = random.nextBoolean() ? (byte) '\n' : (byte) '\r';
            if (at + 1 < length && random.nextBoolean()) withBreak[at + 1] = '\n';
            assertThat(LineBreaks.indexOf(withBreak, from, length))
                .as("length %d, from %d, break at %d", length, from, at).isEqualTo(at);
          }
        }
      }
    });
  }

  @Test
  void ignoresLineBreaksOutsideTheRange() {
    byte[] bytes = "\n0123456789abcdef\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(LineBreaks.indexOf(bytes, 1, bytes.length - 1)).isEqualTo(-1);
  }

  /** Bytes that are not CR or LF, heavy on their neighbours, other controls and high bytes. */
  private static byte[] noise(Random random, int length) {
    byte[] lookalikes = {0, 9, 11, 12, 14, 0x0F, (byte) 0x8A, (byte) 0x8D, (byte) 0xFF, 'a', 0x2A, 0x2D};
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      byte b = random.nextBoolean() ? lookalikes[random.nextInt(lookalikes.length)] : (byte) random.nextInt(256);
      bytes[i] = b == '\n' || b == '\r' ? (byte) 'x' : b;
    }
    return bytes;
  }
}
