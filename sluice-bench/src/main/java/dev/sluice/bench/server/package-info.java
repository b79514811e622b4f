/**
 * Loopback benchmarks of sluice-server: fan-out deliveries per second to N real connections, and heap
 * per idle event stream. The server runs in the benchmark's JVM; the subscribers run in a forked JVM
 * ({@link dev.sluice.bench.server.LoopbackSubscribers}) so that each process stays under the open-file
 * limit and the server's heap holds only server state. Run with
 * {@code java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.server.ServerBench}; see
 * docs/benchmarks.md ("Server fan-out and memory").
 */
package dev.sluice.bench.server;
