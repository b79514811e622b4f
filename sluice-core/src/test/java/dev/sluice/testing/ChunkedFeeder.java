package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.EventParser;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Feeds one stream to fresh parsers in every way it can arrive, and checks they all report the
 * same thing. Bytes arrive from the network in arbitrary chunks, so a parser whose result depends
 * on where a chunk ends is wrong; this makes every test check that for free.
 *
 * <p>The ways: the whole array at once; split in two at every offset (empty chunks included); one
 * byte at a time; a heap {@link ByteBuffer} with a non-zero array offset; a direct {@code
 * ByteBuffer}. Each parser is ended with {@link EventParser#end()}. Tests that need one particular
 * chunking feed it with {@link #feed} as well.
 */
public final class ChunkedFeeder {
  private ChunkedFeeder() {}

  /** Parses {@code stream} every way with default limits and returns the one agreed transcript. */
  public static Transcript parse(byte[] stream) {
    return parse(stream, UnaryOperator.identity());
  }

  /** Parses {@code stream} every way with parsers configured by {@code config}. */
  public static Transcript parse(byte[] stream, UnaryOperator<EventParser.Builder> config) {
    return parseConnections(config, List.of(stream));
  }

  /**
   * Parses several streams with one parser, calling {@link EventParser#end()} after each, as a
   * client does across reconnections; every way of feeding is applied to each stream.
   */
  public static Transcript parseConnections(UnaryOperator<EventParser.Builder> config, List<byte[]> streams) {
    Transcript whole = feedEach(config, streams, (parser, stream) -> parser.feed(stream.clone()));
    int longest = streams.stream().mapToInt(stream -> stream.length).max().orElse(0);
    for (int split = 0; split <= longest; split++) {
      int at = split;
      Transcript splitAt = feedEach(config, streams, (parser, stream) -> {
        int cut = Math.min(at, stream.length);
        parser.feed(Arrays.copyOfRange(stream, 0, cut));
        parser.feed(Arrays.copyOfRange(stream, cut, stream.length));
      });
      assertThat(splitAt).as("split at offset %d of %s", at, show(streams)).isEqualTo(whole);
    }
    Transcript byteByByte = feedEach(config, streams, (parser, stream) -> {
      for (byte b : stream) parser.feed(new byte[] {b});
    });
    assertThat(byteByByte).as("1-byte chunks of %s", show(streams)).isEqualTo(whole);
    Transcript heapBuffer = feedEach(config, streams, (parser, stream) -> parser.feed(offsetHeapBuffer(stream)));
    assertThat(heapBuffer).as("heap ByteBuffer of %s", show(streams)).isEqualTo(whole);
    Transcript directBuffer = feedEach(config, streams, (parser, stream) -> {
      ByteBuffer buffer = ByteBuffer.allocateDirect(stream.length).put(stream).flip();
      parser.feed(buffer);
      assertThat(buffer.hasRemaining()).as("direct buffer consumed").isFalse();
    });
    assertThat(directBuffer).as("direct ByteBuffer of %s", show(streams)).isEqualTo(whole);
    return whole;
  }

  private static Transcript feedEach(
      UnaryOperator<EventParser.Builder> config, List<byte[]> streams, BiConsumer<EventParser, byte[]> way) {
    return feed(config, parser -> {
      for (int i = 0; i < streams.size(); i++) {
        if (i > 0) parser.end();
        way.accept(parser, streams.get(i));
      }
    });
  }

  private static String show(List<byte[]> streams) {
    return streams.stream().map(Bytes::show).collect(Collectors.joining(" then "));
  }

  /** Parses {@code stream} cut into chunks of {@code chunkSize} bytes (the last may be shorter). */
  public static Transcript parseInChunks(
      byte[] stream, int chunkSize, UnaryOperator<EventParser.Builder> config) {
    return feed(config, parser -> {
      for (int offset = 0; offset < stream.length; offset += chunkSize) {
        parser.feed(stream, offset, Math.min(chunkSize, stream.length - offset));
      }
    });
  }

  /** Runs {@code feeding} against a fresh parser, ends the stream and returns what was reported. */
  public static Transcript feed(
      UnaryOperator<EventParser.Builder> config, Consumer<EventParser> feeding) {
    RecordingHandler recorder = new RecordingHandler();
    EventParser parser = config.apply(EventParser.builder()).build(recorder);
    feeding.accept(parser);
    parser.end();
    return new Transcript(recorder.callbacks(), parser.lastEventId());
  }

  /** A heap buffer whose content starts 3 bytes into its backing array, behind a position of 2. */
  private static ByteBuffer offsetHeapBuffer(byte[] stream) {
    byte[] backing = new byte[stream.length + 5];
    Arrays.fill(backing, (byte) '\n'); // Bytes outside the window would break lines if read.
    System.arraycopy(stream, 0, backing, 5, stream.length);
    ByteBuffer buffer = ByteBuffer.wrap(backing, 3, stream.length + 2).slice();
    buffer.position(2);
    return buffer;
  }
}
