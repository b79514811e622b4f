package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioPlanTest {

    @Test
    void rateOverrideChangesOnlyThePaceOfAPacedScenario() {
        ScenarioPlan latency = ScenarioPlan.of("latency", false).withSubscribers(1_000).withEvents(6_000);

        ScenarioPlan faster = latency.withEventsPerSecond(200);

        assertThat(faster.eventsPerSecond()).isEqualTo(200);
        assertThat(faster).usingRecursiveComparison().ignoringFields("eventsPerSecond").isEqualTo(latency);
        assertThat(faster.toMap()).containsEntry("eventsPerSecond", 200.0).containsEntry("totalEvents", 6_000L);
    }

    @Test
    void connectRateOverrideChangesOnlyTheConnectPace() {
        ScenarioPlan latency = ScenarioPlan.of("latency", false).withSubscribers(100_000);

        ScenarioPlan paced = latency.withConnectsPerSecond(300);

        assertThat(paced.connectsPerSecond()).isEqualTo(300);
        assertThat(paced.subscribers()).isEqualTo(100_000);
        assertThat(paced.eventsPerSecond()).isEqualTo(latency.eventsPerSecond());
        assertThat(paced.maxConnectsInFlight()).isEqualTo(latency.maxConnectsInFlight());
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> latency.withConnectsPerSecond(bad)).as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyPacedScenarioAcceptsARate() {
        for (String name : ScenarioPlan.PACED) {
            assertThat(ScenarioPlan.of(name, true).eventsPerSecond()).as(name).isPositive();
            assertThat(ScenarioPlan.of(name, true).withEventsPerSecond(10).eventsPerSecond()).as(name).isEqualTo(10);
        }
    }

    @Test
    void rateIsRefusedForAClosedLoopScenarioRatherThanIgnored() {
        assertThatThrownBy(() -> ScenarioPlan.of("fanout", false).withEventsPerSecond(200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fanout' is not paced");
        assertThatThrownBy(() -> ScenarioPlan.of("idle", false).withEventsPerSecond(200))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rateMustBeAPositiveFiniteNumber() {
        ScenarioPlan latency = ScenarioPlan.of("latency", true);
        for (double bad : new double[] {0, -5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> latency.withEventsPerSecond(bad)).as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rate must be a positive number");
        }
    }
}
