package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmProbeTest {
    @Test
    void g1ReportsTheWholeHeapFirst() {
        String g1 = """
                 garbage-first heap   total 2097152K, used 34816K [0x0000000080000000, 0x0000000100000000)
                  region size 1024K, 2 young (2048K), 0 survivors (0K)
                 Metaspace       used 20000K, committed 20480K, reserved 1114112K
                """;
        assertThat(JvmProbe.usedBytes(g1)).contains(34816L * 1024);
    }

    @Test
    void serialGenerationsAreAddedUp() {
        String serial = """
                 def new generation   total 59008K, used 1000K [0x00000000e0000000, 0x00000000e4000000)
                  eden space 52480K,   1% used [0x00000000e0000000, 0x00000000e00fa000, 0x00000000e3340000)
                 tenured generation   total 466048K, used 30000K [0x00000000e4000000, 0x0000000100000000)
                 Metaspace       used 20000K, committed 20480K, reserved 1114112K
                """;
        assertThat(JvmProbe.usedBytes(serial)).contains(31000L * 1024);
    }
}
