package dev.sluice;

import static dev.sluice.testing.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Encoding into caller-owned arrays and buffers, with the exact length known beforehand. */
class EventEncoderBufferTest {
  private static final ServerSentEvent EVENT =
      ServerSentEvent.builder().id("\u00E9").event("t").data("a\r\nb\uD83D\uDE00\uD800").comment("c").build();
  private static final byte[] EXPECTED =
      utf8(": c\nid: \u00E9\nevent: t\ndata: a\ndata: b\uD83D\uDE00\uFFFD\n\n");

  @Test
  void encodedLengthIsExactForAssortedEvents() {
    Map<ServerSentEvent, String> expectedText = Map.of(
        EVENT, new String(EXPECTED, StandardCharsets.UTF_8),
        ServerSentEvent.of(""), "data:\n\n",
        ServerSentEvent.of("\r\n\r"), "data:\ndata:\ndata:\n\n",
        ServerSentEvent.ofComment("x\ny"), ": x\n: y\n\n",
        ServerSentEvent.builder().retryMillis(123456789).build(), "retry: 123456789\n\n",
        ServerSentEvent.of("\u07FF\u0800\uFFFF\uDBFF\uDFFF\uDC00"), "data: \u07FF\u0800\uFFFF\uDBFF\uDFFF\uFFFD\n\n",
        ServerSentEvent.builder().build(), "\n");
    expectedText.forEach((event, text) -> {
      byte[] expected = utf8(text); // The JDK's encoder is the independent oracle here.
      assertThat(EventEncoder.encodedLength(event)).as("%s", event).isEqualTo(expected.length);
      assertThat(EventEncoder.encode(event)).as("%s", event).isEqualTo(expected);
    });
  }

  @Test
  void encodesIntoAnArrayAtAnOffsetTouchingNothingElse() {
    byte[] destination = new byte[EXPECTED.length + 10];
    Arrays.fill(destination, (byte) '#');
    int written = EventEncoder.encode(EVENT, destination, 4);
    assertThat(written).isEqualTo(EXPECTED.length);
    assertThat(Arrays.copyOfRange(destination, 4, 4 + written)).isEqualTo(EXPECTED);
    assertThat(Arrays.copyOfRange(destination, 0, 4)).containsOnly('#');
    assertThat(Arrays.copyOfRange(destination, 4 + written, destination.length)).containsOnly('#');
  }

  @Test
  void tooSmallArrayIsRejectedBeforeAnythingIsWritten() {
    byte[] destination = new byte[EXPECTED.length];
    assertThatThrownBy(() -> EventEncoder.encode(EVENT, destination, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(destination).containsOnly(0);
  }

  @Test
  void encodesIntoAHeapBufferSliceAndAdvancesItsPosition() {
    ByteBuffer backing = ByteBuffer.allocate(EXPECTED.length + 8);
    ByteBuffer slice = backing.position(3).slice(); // arrayOffset 3
    slice.position(2);
    EventEncoder.encode(EVENT, slice);
    assertThat(slice.position()).isEqualTo(2 + EXPECTED.length);
    assertThat(Arrays.copyOfRange(backing.array(), 5, 5 + EXPECTED.length)).isEqualTo(EXPECTED);
  }

  @Test
  void encodesIntoADirectBufferAndAdvancesItsPosition() {
    ByteBuffer direct = ByteBuffer.allocateDirect(EXPECTED.length + 4);
    direct.position(1);
    EventEncoder.encode(EVENT, direct);
    assertThat(direct.position()).isEqualTo(1 + EXPECTED.length);
    byte[] written = new byte[EXPECTED.length];
    direct.get(1, written);
    assertThat(written).isEqualTo(EXPECTED);
  }

  @Test
  void tooSmallBufferOverflowsWithoutWritingOrMoving() {
    for (ByteBuffer buffer : List.of(ByteBuffer.allocate(EXPECTED.length - 1), ByteBuffer.allocateDirect(EXPECTED.length - 1))) {
      assertThatThrownBy(() -> EventEncoder.encode(EVENT, buffer)).isInstanceOf(BufferOverflowException.class);
      assertThat(buffer.position()).isZero();
      while (buffer.hasRemaining()) assertThat(buffer.get()).isZero();
    }
  }

  @Test
  void readOnlyBufferIsRefused() {
    ByteBuffer readOnly = ByteBuffer.allocate(EXPECTED.length).asReadOnlyBuffer();
    assertThatThrownBy(() -> EventEncoder.encode(EVENT, readOnly)).isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void encodedBlocksConcatenateIntoOneStream() {
    ByteBuffer stream = ByteBuffer.allocate(EXPECTED.length * 2);
    EventEncoder.encode(EVENT, stream);
    EventEncoder.encode(EVENT, stream);
    List<ServerSentEvent> parsed = new java.util.ArrayList<>();
    EventParser.create(parsed::add).feed(stream.flip());
    ServerSentEvent expected = ServerSentEvent.builder().id("\u00E9").event("t").data("a\nb\uD83D\uDE00\uFFFD").build();
    assertThat(parsed).containsExactly(expected, expected);
  }
}
