package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TargetSpecTest {

    @Test
    void endpointsRecordTheClusterPathButNoToken() {
        TargetSpec cluster = new TargetSpec(TargetSpec.Kind.MERCURE, "127.0.0.1", List.of(19082, 19083), 19081,
                "publisher-secret-token", "subscriber-secret-token");

        assertThat(cluster.endpoints())
                .containsEntry("host", "127.0.0.1")
                .containsEntry("subscribePorts", List.of(19082, 19083))
                .containsEntry("publishPort", 19081);
        assertThat(cluster.endpoints().toString()).doesNotContain("secret");
    }

    @Test
    void publishRequestsGoToThePublishPortWhileSubscribersUseTheirOwn() {
        TargetSpec cluster = new TargetSpec(TargetSpec.Kind.MERCURE, "127.0.0.1", List.of(19082, 19083), 19081,
                "t", null);
        Target target = cluster.target();

        var publish = target.publish(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, "urn:x", "1", "data");
        var subscribe = target.subscribe("urn:x", null, 19083);
        try {
            assertThat(publish.headers().get("Host")).isEqualTo("127.0.0.1:19081");
            assertThat(subscribe.headers().get("Host")).isEqualTo("127.0.0.1:19083");
        } finally {
            publish.release();
            subscribe.release();
        }
    }

    @Test
    void portsOutsideTheTcpRangeAreRefused() {
        assertThatThrownBy(() -> new TargetSpec(TargetSpec.Kind.MERCURE, "127.0.0.1", List.of(19082), 0, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("publishPort out of range 1..65535: 0");
        assertThatThrownBy(() -> new TargetSpec(TargetSpec.Kind.NCHAN, "127.0.0.1", List.of(70_000), 9181, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port out of range 1..65535: 70000");
    }
}
