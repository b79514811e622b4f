package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The paced publisher against a real loopback HTTP server that, like nchan, answers a publish only
 * after some work: the events it holds back meanwhile must still carry the time they were due.
 */
class PublisherTest {

    private static final long SLOW_ANSWER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void eventsHeldBehindASlowAnswerCarryTheTimeTheirSlotCameUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/pub/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            if (bodies.isEmpty()) {
                answerNoSoonerThan(System.nanoTime() + SLOW_ANSWER_NANOS); // a slow fan-out, once
            }
            bodies.add(body);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        Target target = new PathTopicTarget(
                new TargetSpec(TargetSpec.Kind.NCHAN, "127.0.0.1", List.of(port), port, null, null));

        try (Publisher publisher = new Publisher(target, BenchClock.anchored(), "t", 1, 1, 100)) {
            publisher.runPaced(100, 3, Duration.ofSeconds(10)); // slots 10 ms apart

            assertThat(publisher.publishedPerTopic()).as(publisher.lastError()).containsExactly(3);
        }
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String[] numbers = bodies.poll(10, TimeUnit.SECONDS).split(" ");
            events.add(new long[] {Long.parseLong(numbers[0]), Long.parseLong(numbers[1]), Long.parseLong(numbers[2])});
        }
        long interval = TimeUnit.MILLISECONDS.toNanos(10);
        assertThat(events).extracting(e -> e[0]).containsExactly(1L, 2L, 3L);
        assertThat(events.get(1)[2] - events.get(0)[2]).isEqualTo(interval);
        assertThat(events.get(2)[2] - events.get(1)[2]).isEqualTo(interval);
        // The second event was due 10 ms after the first but could only go once the first was
        // answered, at least 50 ms after that: at least 40 ms of waiting that its due time keeps.
        assertThat(events.get(1)[1] - events.get(1)[2]).isGreaterThanOrEqualTo(SLOW_ANSWER_NANOS - interval);
    }

    private static void answerNoSoonerThan(long deadlineNanos) {
        // Simulates a server busy with its fan-out; not synchronisation with the test.
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
