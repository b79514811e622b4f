package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class ServerConnectionsTest {

    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    private static String line(String local, String remote, String state, long inode) {
        return "   0: " + local + " " + remote + " " + state
                + " 00000000:00000000 00:00000000 00000000     0        0 " + inode + " 1 0000000000000000 100 0 0 10 0";
    }

    @Test
    void readsPortStateAndInodeOfIpv4AndIpv6Rows() {
        // Port 9182 is 0x23DE; 0x8F2A is an ephemeral client port.
        Map<Long, ServerConnections.TcpSocket> tcp = ServerConnections.tcpSockets(Stream.of(HEADER,
                line("0100007F:23DE", "00000000:0000", "0A", 11),
                line("00000000000000000000000001000000:23DE", "00000000000000000000000001000000:8F2A", "08", 12)));

        assertThat(tcp).containsEntry(11L, new ServerConnections.TcpSocket(9182, "0A"))
                .containsEntry(12L, new ServerConnections.TcpSocket(9182, "08"));
    }

    @Test
    void countsTheServersConnectionsOnItsPortsAndTheResetOnesButNotItsListenerNorOtherSockets() {
        Map<Long, ServerConnections.TcpSocket> tcp = Map.of(
                1L, new ServerConnections.TcpSocket(9182, "0A"),  // the listener
                2L, new ServerConnections.TcpSocket(9182, "01"),  // a subscriber
                3L, new ServerConnections.TcpSocket(9182, "08"),  // a subscriber that left, not yet noticed
                4L, new ServerConnections.TcpSocket(41234, "01"), // the server's own client socket (e.g. Redis)
                9L, new ServerConnections.TcpSocket(9182, "01")); // a connection of another process
        Set<Long> unixAndOthers = Set.of(5L);                      // e.g. the JVM's attach socket
        // 6: in no table, the server still holds it: a subscriber whose reset the server has not seen.
        List<Long> serverSockets = List.of(1L, 2L, 3L, 4L, 5L, 6L);

        assertThat(ServerConnections.held(serverSockets, tcp, unixAndOthers, List.of(9182))).isEqualTo(3);
    }

    @Test
    void readsTheInodeColumnOfOtherTables() {
        Set<Long> unix = ServerConnections.inodes(Stream.of(
                "Num       RefCount Protocol Flags    Type St Inode Path",
                "00000000b7cacb61: 00000002 00000000 00010000 0001 01  4421 /run/x.sock",
                "0000000040a7378e: 00000003 00000000 00000000 0001 03  6058"), 6);

        assertThat(unix).containsExactlyInAnyOrder(4421L, 6058L);
    }
}
