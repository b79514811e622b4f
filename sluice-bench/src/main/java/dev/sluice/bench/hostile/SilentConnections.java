package dev.sluice.bench.hostile;

import java.time.Duration;

/**
 * Hole 2b: many connections that never send a byte, past the hub's connection cap (or its file
 * limit), to see whether the hub refuses the excess at accept time and keeps answering others.
 */
public final class SilentConnections implements Scenario {

    private final int connections;
    private final Duration hold;

    public SilentConnections(int connections, Duration hold) {
        this.connections = connections;
        this.hold = hold;
    }

    @Override
    public String id() {
        return "2b-silent";
    }

    @Override
    public String title() {
        return connections + " silent connections held " + hold.toSeconds() + " s";
    }

    @Override
    public void attack(HostileTarget target, AttackContext context) throws InterruptedException {
        try (SocketHerd herd = new SocketHerd(target, context)) {
            herd.open(connections, new byte[0]);
            context.note(herd.stillOpen() + " of " + connections + " connections opened in " + context.elapsedMillis()
                    + " ms (" + herd.connectFailed() + " connects failed)");
            long end = System.nanoTime() + hold.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                herd.sweep(new byte[0]);
            }
            context.note(herd.stillOpen() + " silent connections still open after " + hold.toSeconds() + " s; "
                    + herd.closedByHub() + " closed by the hub; statuses seen: " + herd.distinctStatuses());
        }
    }
}
