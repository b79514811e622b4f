package dev.sluice.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The client connections a loopback server still holds, so a scenario starts only once the server
 * has let go of the previous scenario's subscribers.
 *
 * <p>Why: scenarios run one after another against the same server process. A server that notices
 * a departed client only when a write to it fails (a Servlet container holding async SSE requests
 * learns of it from a heartbeat) still holds the previous scenario's sockets, heap and connection
 * slots when the next one starts connecting; the next scenario would then measure that leftover,
 * not itself. The wait applies to every target alike and is reported with the results, so a
 * server that is slow to let go shows as such.
 *
 * <p>What counts: with the server's pid, every socket its processes hold open that is either a
 * TCP connection on one of its ports (not the listener) or in none of the kernel's socket tables.
 * The latter matters: the first write to a departed client draws a reset, which takes the socket
 * out of {@code /proc/net/tcp} at once although the server keeps its descriptor (and everything
 * attached to it) until a later write fails. Without a pid, only the kernel's table is read:
 * server-side sockets on the ports in ESTABLISHED, SYN_RECV or CLOSE_WAIT. Linux only; elsewhere
 * nothing is counted and nothing is waited for.
 */
final class ServerConnections {

    /** TCP states of a connection the server has not closed: ESTABLISHED, SYN_RECV, CLOSE_WAIT. */
    private static final Set<String> HELD = Set.of("01", "03", "08");
    private static final String LISTEN = "0A";

    private static final List<String> TCP = List.of("tcp", "tcp6");
    /** Other socket tables and the column of their inode: a socket found there is no client's. */
    private static final Map<String, Integer> OTHER = Map.of("unix", 6, "udp", 9, "udp6", 9, "netlink", 9,
            "raw", 9, "raw6", 9);

    /** One row of {@code /proc/net/tcp}: the local port and state (two hex digits). */
    record TcpSocket(int localPort, String state) {
    }

    private ServerConnections() {
    }

    /** Client connections the server holds on {@code ports}; empty when nothing can be read. */
    static OptionalLong count(long serverPid, Collection<Integer> ports) {
        Map<Long, TcpSocket> tcp = new HashMap<>();
        boolean readable = false;
        for (String t : TCP) {
            try (Stream<String> lines = Files.lines(Path.of("/proc/net", t))) {
                tcp.putAll(tcpSockets(lines));
                readable = true;
            } catch (IOException | RuntimeException e) {
                // No such table (no IPv6, not Linux): use what can be read.
            }
        }
        if (!readable) {
            return OptionalLong.empty();
        }
        if (serverPid <= 0 || !ProcessSampler.alive(serverPid)) {
            return OptionalLong.of(tcp.values().stream()
                    .filter(s -> ports.contains(s.localPort()) && HELD.contains(s.state())).count());
        }
        Set<Long> other = new HashSet<>();
        OTHER.forEach((table, column) -> {
            try (Stream<String> lines = Files.lines(Path.of("/proc/net", table))) {
                other.addAll(inodes(lines, column));
            } catch (IOException | RuntimeException e) {
                // Not present here: nothing of that family to leave out.
            }
        });
        return OptionalLong.of(held(socketInodes(serverPid), tcp, other, ports));
    }

    /**
     * Of the sockets a server holds ({@code serverSockets}, by inode), those that are client
     * connections it has not closed: TCP sockets on {@code ports} other than listeners, and sockets
     * in no table at all (connections already reset by the peer).
     */
    static long held(Collection<Long> serverSockets, Map<Long, TcpSocket> tcp, Set<Long> otherFamilies,
                     Collection<Integer> ports) {
        long n = 0;
        for (long inode : serverSockets) {
            TcpSocket s = tcp.get(inode);
            if (s != null ? ports.contains(s.localPort()) && !s.state().equals(LISTEN) : !otherFamilies.contains(inode)) {
                n++;
            }
        }
        return n;
    }

    /** The rows of a {@code /proc/net/tcp}-format table (header first), by inode. */
    static Map<Long, TcpSocket> tcpSockets(Stream<String> lines) {
        Map<Long, TcpSocket> m = new HashMap<>();
        lines.skip(1).forEach(line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9) {
                int colon = f[1].lastIndexOf(':');
                m.put(Long.parseLong(f[9]), new TcpSocket(Integer.parseInt(f[1].substring(colon + 1), 16), f[3]));
            }
        });
        return m;
    }

    /** The inodes in column {@code column} of a {@code /proc/net} table (header first). */
    static Set<Long> inodes(Stream<String> lines, int column) {
        Set<Long> s = new HashSet<>();
        lines.skip(1).forEach(line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length > column) {
                s.add(Long.parseLong(f[column]));
            }
        });
        return s;
    }

    /** Inodes of the sockets the process and its descendants hold open. */
    private static Set<Long> socketInodes(long pid) {
        Set<Long> s = new HashSet<>();
        for (long p : ProcessSampler.tree(pid)) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p), "fd"))) {
                fds.forEach(fd -> {
                    try {
                        String link = Files.readSymbolicLink(fd).toString();
                        if (link.startsWith("socket:[")) {
                            s.add(Long.parseLong(link.substring(8, link.length() - 1)));
                        }
                    } catch (IOException | RuntimeException e) {
                        // Closed between listing and reading: no longer held.
                    }
                });
            } catch (IOException | RuntimeException e) {
                // The process ended (an nginx worker being replaced): it holds nothing.
            }
        }
        return s;
    }

    /**
     * Waits until the server holds no client connection on {@code ports}, or {@code max} has
     * passed. Returns what was held at the start, how long it took, and what was still held.
     */
    static Map<String, Object> awaitReleased(long serverPid, Collection<Integer> ports, Duration max)
            throws InterruptedException {
        long begin = System.nanoTime();
        long held = count(serverPid, ports).orElse(0);
        long left = held;
        while (left > 0 && System.nanoTime() - begin < max.toNanos()) {
            Thread.sleep(250); // polling /proc: nothing signals a socket's release
            left = count(serverPid, ports).orElse(0);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heldAtStart", held);
        m.put("waitedSeconds", Math.round((System.nanoTime() - begin) / 1e8) / 10.0);
        m.put("stillHeld", left);
        m.put("maxWaitSeconds", max.toSeconds());
        m.put("counted", serverPid > 0 ? "server's open sockets" : "kernel socket table");
        return m;
    }
}
