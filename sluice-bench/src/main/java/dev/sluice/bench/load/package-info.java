/**
 * The SSE load generator behind {@code bench/run-peers.sh}: a coordinator that forks worker JVMs
 * holding the subscribers, publishes through each target's own API, samples the server process,
 * and writes JSON, Markdown and PNG results.
 *
 * <h3>Processes</h3>
 * One process may hold at most 20,000 open files here, so subscribers live in forked
 * {@link dev.sluice.bench.load.WorkerMain worker JVMs} of at most {@value
 * dev.sluice.bench.load.Coordinator#MAX_SUBSCRIBERS_PER_WORKER} connections each. The coordinator
 * publishes, samples the server and merges the workers' histograms; workers talk to it over their
 * stdin/stdout with one-line commands.
 *
 * <h3>Time</h3>
 * Latency is measured across processes with {@link dev.sluice.bench.load.BenchClock}.
 */
package dev.sluice.bench.load;
