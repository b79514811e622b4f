package dev.sluice.bench.codec;

import dev.sluice.EventHandler;
import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link EventParser} throughput, single thread: one operation parses {@link
 * CodecWorkload#STREAM_BYTES} of fixed-size events arriving in chunks of {@code chunkSize} bytes
 * (64 bytes is a worst case of tiny reads, 16 KiB a typical socket read). Every dispatched event
 * goes to a {@link Blackhole}, so the parser cannot skip building it.
 */
public class ParserBenchmark extends CodecBenchmark {
  @Param({"64", "16384"})
  public int chunkSize;

  private byte[] stream;
  private int eventsPerStream;
  private EventParser parser;
  private BlackholeHandler handler;

  @Setup(Level.Trial)
  public void setUp() {
    CodecWorkload workload = new CodecWorkload(eventSize);
    stream = workload.stream();
    eventsPerStream = workload.eventsPerStream();
    handler = new BlackholeHandler();
    parser = EventParser.create(handler);
  }

  @Benchmark
  public void parse(Blackhole blackhole, CodecCounters counters) {
    handler.blackhole = blackhole;
    byte[] bytes = stream;
    for (int offset = 0; offset < bytes.length; offset += chunkSize) {
      parser.feed(bytes, offset, Math.min(chunkSize, bytes.length - offset));
    }
    counters.add(bytes.length, eventsPerStream);
  }

  static final class BlackholeHandler implements EventHandler {
    Blackhole blackhole;

    @Override
    public void onEvent(ServerSentEvent event) {
      blackhole.consume(event);
    }
  }
}
