package dev.sluice.bench.codec;

import dev.sluice.EventEncoder;
import dev.sluice.ServerSentEvent;
import java.nio.ByteBuffer;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link EventEncoder} throughput, single thread: one operation builds and encodes {@link
 * CodecWorkload#STREAM_BYTES} of fixed-size events into a 16 KiB output window that starts over
 * when full, like a socket send buffer. Each event is built fresh from its strings, as a server
 * does per publish, so the encoder's cached length never helps; the figure includes building and
 * validating the event. Three destinations: a {@code byte[]}, a heap and a direct {@link ByteBuffer}.
 *
 * <p>Two more benchmarks split that figure: {@link #encodeBuiltToArray} encodes events that were
 * built and validated beforehand (each encode gets an unvalidated copy, so its length is never
 * cached either; the copy's one small allocation is included), and {@link #buildOnly} only builds.
 */
public class EncoderBenchmark extends CodecBenchmark {
  private static final int WINDOW = 16 * 1024;
  /**
   * Cycles through the distinct events with a mask rather than {@code %}: an integer division per
   * event is a measurable share of the cost of encoding a small one.
   */
  private static final int DISTINCT_MASK = CodecWorkload.DISTINCT_EVENTS - 1;

  static {
    if (Integer.bitCount(CodecWorkload.DISTINCT_EVENTS) != 1) throw new AssertionError("not a power of two");
  }

  private String[] ids;
  private String[] data;
  private String type; // Null for events without one.
  private int eventsPerStream;
  private final byte[] array = new byte[WINDOW];
  private final ByteBuffer heap = ByteBuffer.allocate(WINDOW);
  private final ByteBuffer direct = ByteBuffer.allocateDirect(WINDOW);

  @Setup(Level.Trial)
  public void setUp() {
    CodecWorkload workload = new CodecWorkload(eventSize);
    List<ServerSentEvent> events = workload.events();
    ids = events.stream().map(event -> event.id().orElseThrow()).toArray(String[]::new);
    data = events.stream().map(ServerSentEvent::data).toArray(String[]::new);
    type = events.get(0).event().orElse(null);
    eventsPerStream = workload.eventsPerStream();
  }

  private ServerSentEvent[] built;

  @Setup(Level.Trial)
  public void setUpBuilt() {
    built = new CodecWorkload(eventSize).events().toArray(ServerSentEvent[]::new);
  }

  private ServerSentEvent event(int index) {
    int i = index & DISTINCT_MASK;
    ServerSentEvent.Builder builder = ServerSentEvent.builder().id(ids[i]).data(data[i]);
    if (type != null) builder.event(type);
    return builder.build();
  }

  @Benchmark
  public void encodeToArray(Blackhole blackhole, CodecCounters counters) {
    int position = 0;
    int bytes = 0;
    for (int i = 0; i < eventsPerStream; i++) {
      ServerSentEvent event = event(i);
      if (EventEncoder.encodedLength(event) > WINDOW - position) position = 0;
      int written = EventEncoder.encode(event, array, position);
      position += written;
      bytes += written;
    }
    blackhole.consume(array);
    counters.add(bytes, eventsPerStream);
  }

  @Benchmark
  public void encodeBuiltToArray(Blackhole blackhole, CodecCounters counters) {
    int position = 0;
    int bytes = 0;
    for (int i = 0; i < eventsPerStream; i++) {
      // A copy skips validation but is a new instance, so encodedLength is computed afresh.
      ServerSentEvent event = built[i & DISTINCT_MASK].newBuilder().build();
      if (EventEncoder.encodedLength(event) > WINDOW - position) position = 0;
      int written = EventEncoder.encode(event, array, position);
      position += written;
      bytes += written;
    }
    blackhole.consume(array);
    counters.add(bytes, eventsPerStream);
  }

  /** Only builds the events {@link #encodeToArray} encodes: the share of building in its figure. */
  @Benchmark
  public void buildOnly(Blackhole blackhole, CodecCounters counters) {
    for (int i = 0; i < eventsPerStream; i++) blackhole.consume(event(i));
    counters.add(CodecWorkload.STREAM_BYTES, eventsPerStream);
  }

  @Benchmark
  public void encodeToHeapBuffer(Blackhole blackhole, CodecCounters counters) {
    counters.add(encodeInto(heap), eventsPerStream);
    blackhole.consume(heap);
  }

  @Benchmark
  public void encodeToDirectBuffer(Blackhole blackhole, CodecCounters counters) {
    counters.add(encodeInto(direct), eventsPerStream);
    blackhole.consume(direct);
  }

  private int encodeInto(ByteBuffer window) {
    window.clear();
    int bytes = 0;
    for (int i = 0; i < eventsPerStream; i++) {
      ServerSentEvent event = event(i);
      int length = EventEncoder.encodedLength(event);
      if (length > window.remaining()) window.clear();
      EventEncoder.encode(event, window);
      bytes += length;
    }
    return bytes;
  }
}
