package dev.sluice.bench.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

    @Test
    void appendedRunsReadBackAndRenderTheVerdictWithItsEvidence(@TempDir Path dir) throws Exception {
        ScenarioReport broken = new ScenarioReport("5-smuggling", "CL + TE", ScenarioReport.Verdict.BROKEN,
                List.of("the connection stayed open"), List.of("statuses [200]"),
                new HonestFigures("before", 50, 0, 50, 3.1, 29.6, 29.6, 12),
                new HonestFigures("during", 40, 0, 40, 2.8, 14.4, 14.4, 10),
                new HealthFigures(44, 0, 1.2, 9.5, -1, -1),
                List.of(new Refusals.Kind("healthz prober: status 503", 2, 100, 900)), 0, 4351, 0);

        Reports.write(dir, "bench/hostile.sh", List.of(broken));
        List<ScenarioReport> back = Reports.read(dir);

        assertThat(back).containsExactly(broken);
        String md = Reports.markdown("bench/hostile.sh", back);
        assertThat(md).contains("| 5-smuggling | **BROKEN** | 3.1 / 29.6 / 29.6 (50 recv) |")
                .contains("- BROKEN: the connection stayed open")
                .contains("- refused: healthz prober: status 503 ×2 (first at 100 ms, last at 900 ms)");
    }

    @Test
    void selectorPatternsKeepTheirSyntaxButNotTheQuerysDelimiters() {
        assertThat(ExpensiveSelectors.queryValue(ExpensiveSelectors.pattern(3, 7)))
                .isEqualTo("https://example.com/:g3x7((?:.*.*.*){200})");
        assertThat(ExpensiveSelectors.queryValue("a&b+c#d e%")).isEqualTo("a%26b%2Bc%23d%20e%25");
    }
}
