package dev.sluice.bench.hostile;

import java.util.List;

/**
 * The outcome of one scenario: the verdict with its evidence, the honest clients' figures before
 * and during the attack, the health probes, the refusals, and how much the hub's log grew.
 *
 * @param logBytes bytes the hub's log grew during the attack, or -1 if no log file was given
 * @param recoveredAfterMillis how long after the attack {@code /healthz} answered 200 again (0: it never failed; -1: not within 30 s)
 */
public record ScenarioReport(String id, String title, Verdict verdict, List<String> brokenBecause,
                             List<String> evidence, HonestFigures before, HonestFigures during,
                             HealthFigures healthz, List<Refusals.Kind> refusals, long logBytes,
                             long attackMillis, long recoveredAfterMillis) {

    public enum Verdict { HELD, BROKEN }
}
