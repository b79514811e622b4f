package dev.sluice.bench.hostile;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Many attacker connections held open at once, each non-blocking after its connect. Counts what
 * the hub did to them: refused the connect, answered (with which status), or closed them.
 * This class is not thread-safe: one attack thread drives it.
 */
final class SocketHerd implements AutoCloseable {

    private final HostileTarget target;
    private final AttackContext context;
    private final List<SocketChannel> open = new ArrayList<>();
    private final ByteBuffer readBuf = ByteBuffer.allocate(4096);
    private int connectFailed;
    private int closedByHub;
    private final List<Integer> statuses = new ArrayList<>();

    SocketHerd(HostileTarget target, AttackContext context) {
        this.target = target;
        this.context = context;
    }

    /** Opens up to {@code count} connections, writing {@code greeting} (may be empty) on each. */
    void open(int count, byte[] greeting) {
        for (int i = 0; i < count; i++) {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.SO_LINGER, 0); // Closing resets: no TIME_WAIT pile-up.
                channel.socket().connect(target.address(), 2_000);
                channel.configureBlocking(false);
                if (greeting.length > 0) {
                    channel.write(ByteBuffer.wrap(greeting));
                }
                open.add(channel);
                channel = null;
            } catch (IOException e) {
                connectFailed++;
                context.refusals().record("attacker connect", e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + Reports.clip(e.getMessage(), 40)));
            } finally {
                closeQuietly(channel);
            }
        }
    }

    /**
     * Reads what the hub sent to each connection and drops those it closed; if {@code chunk} is
     * not empty, writes it to each connection still open.
     */
    void sweep(byte[] chunk) {
        for (Iterator<SocketChannel> it = open.iterator(); it.hasNext(); ) {
            SocketChannel channel = it.next();
            try {
                readBuf.clear();
                int n = channel.read(readBuf);
                if (n > 0) {
                    String text = new String(readBuf.array(), 0, n, StandardCharsets.ISO_8859_1);
                    for (int status : RawHttp.statuses(text)) {
                        statuses.add(status);
                        context.refusals().record("attacker connection", "status " + status);
                    }
                }
                if (n < 0) {
                    throw new IOException("closed by the hub");
                }
                if (chunk.length > 0) {
                    channel.write(ByteBuffer.wrap(chunk));
                }
            } catch (IOException e) {
                closedByHub++;
                it.remove();
                closeQuietly(channel);
            }
        }
    }

    int stillOpen() {
        return open.size();
    }

    int connectFailed() {
        return connectFailed;
    }

    int closedByHub() {
        return closedByHub;
    }

    List<Integer> distinctStatuses() {
        return statuses.stream().distinct().sorted().toList();
    }

    @Override
    public void close() {
        open.forEach(SocketHerd::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }
}
