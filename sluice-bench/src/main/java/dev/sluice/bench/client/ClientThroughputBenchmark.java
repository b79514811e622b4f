package dev.sluice.bench.client;

import dev.sluice.ServerSentEvent;
import dev.sluice.bench.codec.CodecWorkload;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events per second one {@link EventSource} sustains on one loopback stream of 32-byte events
 * ({@code id: 00042\ndata: {"n":00000042}\n\n}): one operation is one event. Each invocation opens
 * a stream of {@link #EVENTS_PER_STREAM} events through {@code java.net.http} and waits until the
 * listener has seen the last, so connection setup is amortized and every event is parsed, built
 * and handed to a listener that feeds a {@link Blackhole}.
 *
 * <pre>java -jar sluice-bench/target/benchmarks.jar ClientThroughputBenchmark</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ClientThroughputBenchmark {
  /** Events in one stream: 2^20 events, 32 MiB. */
  static final int EVENTS_PER_STREAM = 1 << 20;

  private LoopbackStreamServer server;

  @Setup(Level.Trial)
  public void startServer() throws Exception {
    CodecWorkload workload = new CodecWorkload(32);
    byte[] block = workload.stream(); // 256 KiB: 8192 events.
    server = new LoopbackStreamServer(block, EVENTS_PER_STREAM / workload.eventsPerStream());
  }

  @TearDown(Level.Trial)
  public void stopServer() throws Exception {
    server.close();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS_PER_STREAM)
  public long readStream(Blackhole blackhole) throws Exception {
    CountingListener listener = new CountingListener(blackhole);
    EventSource source = EventSource.builder(server.uri()).reconnect(false).listener(listener).build();
    source.start();
    if (!source.awaitClosed(Duration.ofMinutes(1))) throw new IllegalStateException("stream did not end");
    if (source.failure().isPresent()) throw source.failure().get();
    if (listener.events != EVENTS_PER_STREAM) {
      throw new IllegalStateException("expected " + EVENTS_PER_STREAM + " events, got " + listener.events);
    }
    return listener.events;
  }

  private static final class CountingListener implements EventSourceListener {
    private final Blackhole blackhole;
    long events; // Reader thread only; read after awaitClosed, which orders it.

    CountingListener(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      blackhole.consume(event);
      events++;
    }
  }
}
