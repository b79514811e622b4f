/**
 * JMH benchmarks of sluice-core's {@code text/event-stream} codec. Run them from the shaded jar,
 * {@code java -jar sluice-bench/target/benchmarks.jar 'dev.sluice.bench.codec'}; see
 * docs/benchmarks.md for the figures and the exact command.
 */
package dev.sluice.bench.codec;
