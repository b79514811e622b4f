package dev.sluice.bench.codec;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the benchmark JVM's CPU time per operation, {@code cpu.time.norm} in ns/op.
 *
 * <p>On a machine shared with other busy processes, wall-clock throughput mostly measures how much
 * of a core the benchmark was given. CPU time per operation does not count the time the thread
 * was waiting for a core, so it shows what the code costs. It counts every thread of the fork
 * (GC included, which is fair for code that allocates); JIT threads are quiet after warm-up.
 * Use with {@code -prof dev.sluice.bench.codec.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuAtStart;

  @Override
  public String getDescription() {
    return "Process CPU time per operation (ns/op), which ignores time spent waiting for a core";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuAtStart = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpuNanos = os.getProcessCpuTime() - cpuAtStart;
    long operations = result.getMetadata().getAllOps();
    if (operations == 0) return List.of();
    return List.of(new ScalarResult("cpu.time.norm", (double) cpuNanos / operations, "ns/op", AggregationPolicy.AVG));
  }
}
