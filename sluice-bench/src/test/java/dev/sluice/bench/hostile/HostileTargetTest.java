package dev.sluice.bench.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostileTargetTest {

    @Test
    void attacksLoopbackOnly() {
        assertThatThrownBy(() -> new HostileTarget("10.1.2.3", 8080, "p", "s", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback only");
        assertThat(new HostileTarget("127.0.0.1", 8080, "p", "s", null).url("/healthz"))
                .isEqualTo("http://127.0.0.1:8080/healthz");
    }
}
