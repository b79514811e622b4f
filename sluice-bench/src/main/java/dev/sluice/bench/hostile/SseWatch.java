package dev.sluice.bench.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A raw subscriber connection that keeps what it reads (up to 4 MiB), so an attack can ask whether
 * a marker reached it. Its reader is a daemon thread; {@link #close} ends it.
 */
final class SseWatch implements AutoCloseable {

    private static final int MAX_KEPT = 4 * 1024 * 1024;

    private final Socket socket;
    private final Thread reader;
    // Guarded by this.
    private final StringBuilder seen = new StringBuilder();

    private SseWatch(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "hostile-sse-watch");
        this.reader.setDaemon(true);
    }

    /**
     * Subscribes with {@code query} (already encoded), with {@code token} or anonymously (null),
     * and returns once the hub answered with a status line (or 5 s passed).
     */
    static SseWatch open(HostileTarget target, String query, String token) throws IOException, InterruptedException {
        SseWatch watch = connect(target, query, token);
        watch.awaitStatus(System.nanoTime() + Duration.ofSeconds(5).toNanos());
        return watch;
    }

    /** Sends the subscribe request without waiting for the answer. */
    static SseWatch connect(HostileTarget target, String query, String token) throws IOException {
        Socket socket = new Socket();
        socket.connect(target.address(), 5_000);
        List<String> headers = token == null ? List.of("Accept: text/event-stream")
                : List.of("Accept: text/event-stream", "Authorization: Bearer " + token);
        socket.getOutputStream().write(RawHttp.request(target, "GET /.well-known/mercure?" + query + " HTTP/1.1",
                headers, new byte[0]));
        SseWatch watch = new SseWatch(socket);
        watch.reader.start();
        return watch;
    }

    /** Waits until the status line arrived, the connection ended, or {@code deadlineNanos} passed. */
    void awaitStatus(long deadlineNanos) throws InterruptedException {
        while (status() < 0 && System.nanoTime() < deadlineNanos && reader.isAlive()) {
            Thread.sleep(10);
        }
    }

    /** The response status, or -1 before it arrived. */
    int status() {
        List<Integer> statuses = RawHttp.statuses(text());
        return statuses.isEmpty() ? -1 : statuses.get(0);
    }

    synchronized String text() {
        return seen.toString();
    }

    boolean contains(String marker) {
        return text().contains(marker);
    }

    /** Waits up to {@code within} for {@code marker} to arrive. */
    boolean await(String marker, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (contains(marker)) {
                return true;
            }
            Thread.sleep(20);
        }
        return contains(marker);
    }

    private void read() {
        byte[] buf = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (this) {
                    if (seen.length() < MAX_KEPT) {
                        seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            // Closed by close() or by the hub: either way the reading is over.
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
