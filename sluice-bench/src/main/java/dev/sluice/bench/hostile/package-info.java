/**
 * The hostile-client suite (issue 14): black-box attacks replayed against a real hub on loopback,
 * each bounded in connections and time, while an honest subscriber and publisher measure their
 * latency and a prober asks {@code /healthz} every 100 ms. Run by {@code bench/hostile.sh}.
 *
 * <h3>API for later tests</h3>
 * Each attack is a {@link dev.sluice.bench.hostile.Scenario} built with its bounds (connections,
 * rate, duration); {@link dev.sluice.bench.hostile.ScenarioRunner#run} runs one against a
 * {@link dev.sluice.bench.hostile.HostileTarget} (host, port, tokens, log file) and returns a
 * {@link dev.sluice.bench.hostile.ScenarioReport} whose verdict is {@code HELD} or {@code BROKEN}
 * with the evidence. A test may also call {@link dev.sluice.bench.hostile.Scenario#attack} alone.
 *
 * <h3>Safety</h3>
 * Every socket goes to the target, and {@link dev.sluice.bench.hostile.HostileTarget} accepts only
 * loopback addresses. Every attack closes what it opened before it returns.
 */
package dev.sluice.bench.hostile;
