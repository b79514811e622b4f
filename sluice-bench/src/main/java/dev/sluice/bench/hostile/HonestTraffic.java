package dev.sluice.bench.hostile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;

/**
 * The honest clients whose service the attacks must not degrade: one subscriber on an exact topic
 * and one publisher posting to it (plus a new topic each time, so every subscription's matchers
 * run) every 100 ms. Delivery latency (publish start to the subscriber reading the event, one
 * process, one clock) and publish latency go into the current phase's histograms.
 */
final class HonestTraffic implements AutoCloseable {

    static final Duration PUBLISH_INTERVAL = Duration.ofMillis(100);

    /** The figures of one phase, e.g. before or during an attack. */
    static final class Phase {
        final String name;
        final Histogram delivery = new Histogram(600_000_000L, 3);
        final Histogram publish = new Histogram(600_000_000L, 3);
        final AtomicLong published = new AtomicLong();
        final AtomicLong publishFailed = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        Phase(String name) {
            this.name = name;
        }
    }

    private final HostileTarget target;
    private final String topic;
    private final HttpClient http;
    private final AtomicReference<Phase> phase = new AtomicReference<>(new Phase("before"));
    private final AtomicLong lastPublishedSeq = new AtomicLong(-1);
    private final AtomicLong lastReceivedSeq = new AtomicLong(-1);
    // Guarded by itself: the sequence numbers acknowledged by the hub, and those received.
    private final BitSet acked = new BitSet();
    private final BitSet received = new BitSet();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final Thread subscriber;
    private final Thread publisher;
    private volatile boolean publishing = true;
    private volatile boolean subscribing = true;
    private volatile InputStream stream;

    HonestTraffic(HostileTarget target, String runId) {
        this.target = target;
        this.topic = "https://example.com/honest/" + runId;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.subscriber = new Thread(this::subscribe, "hostile-honest-subscriber");
        this.publisher = new Thread(this::publishLoop, "hostile-honest-publisher");
        subscriber.setDaemon(true);
        publisher.setDaemon(true);
    }

    /** Starts both clients; the publisher begins once the subscription answered (or 10 s passed). */
    HonestTraffic start() throws InterruptedException {
        subscriber.start();
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the honest subscriber got no answer from " + target.url("/") + " in 10 s");
        }
        publisher.start();
        return this;
    }

    /** Ends the current phase and starts the next; returns the ended phase. */
    Phase beginPhase(String name) {
        return phase.getAndSet(new Phase(name));
    }

    /**
     * Ends the current phase after waiting up to {@code drain} for the subscriber to catch up with
     * the last acknowledged publish, and stops both clients.
     */
    Phase stop(Duration drain) throws InterruptedException {
        publishing = false; // The subscriber keeps reading while it drains.
        publisher.join(10_000);
        long deadline = System.nanoTime() + drain.toNanos();
        while (lastReceivedSeq.get() < lastPublishedSeq.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Phase last = phase.get();
        close();
        return last;
    }

    @Override
    public void close() {
        publishing = false;
        subscribing = false;
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing a stream the hub may already have closed.
            }
        }
        subscriber.interrupt();
    }

    /**
     * Acknowledged updates the subscriber never received, counted from the first one it did
     * receive: the hub may answer the subscribe before the subscription is in place.
     */
    BitSet lost() {
        BitSet missing;
        synchronized (acked) {
            missing = (BitSet) acked.clone();
        }
        int first;
        synchronized (received) {
            missing.andNot(received);
            first = received.nextSetBit(0);
        }
        return first < 0 ? missing : missing.get(first, Math.max(first, missing.length()));
    }

    static HonestFigures figures(Phase p) {
        return new HonestFigures(p.name, p.published.get(), p.publishFailed.get(), p.received.get(),
                p.delivery.getValueAtPercentile(50) / 1000.0, p.delivery.getValueAtPercentile(99) / 1000.0,
                p.delivery.getMaxValue() / 1000.0, p.publish.getValueAtPercentile(99) / 1000.0);
    }

    private void subscribe() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url(
                        "/.well-known/mercure?match=" + URLEncoder.encode(topic, StandardCharsets.UTF_8))))
                .header("Authorization", "Bearer " + target.subscriberToken())
                .header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            stream = response.body();
            subscribed.countDown();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("honest subscribe answered " + response.statusCode());
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            String line;
            while (subscribing && (line = lines.readLine()) != null) {
                // data: honest <seq> <nanoTime at publish start>
                if (line.startsWith("data: honest ")) {
                    long now = System.nanoTime();
                    String[] parts = line.split(" ");
                    long seq = Long.parseLong(parts[2]);
                    long sent = Long.parseLong(parts[3]);
                    Phase p = phase.get();
                    p.delivery.recordValue(Math.min(600_000_000L, Math.max(0, (now - sent) / 1000)));
                    p.received.incrementAndGet();
                    lastReceivedSeq.accumulateAndGet(seq, Math::max);
                    synchronized (received) {
                        received.set((int) seq);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (subscribing) {
                System.err.println("[hostile] honest subscriber stopped: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscribed.countDown();
        }
    }

    private void publishLoop() {
        long next = System.nanoTime();
        for (long seq = 0; publishing; seq++) {
            long sent = System.nanoTime();
            String form = "topic=" + enc(topic) + "&topic=" + enc(topic + "/" + seq) + "&data=" + enc("honest " + seq + " " + sent);
            HttpRequest request = HttpRequest.newBuilder(URI.create(target.url("/.well-known/mercure")))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + target.publisherToken())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            Phase p = phase.get();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                p.publish.recordValue(Math.min(600_000_000L, (System.nanoTime() - sent) / 1000));
                if (response.statusCode() == 200) {
                    p.published.incrementAndGet();
                    lastPublishedSeq.set(seq);
                    synchronized (acked) {
                        acked.set((int) seq);
                    }
                } else {
                    p.publishFailed.incrementAndGet();
                }
            } catch (IOException e) {
                p.publishFailed.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
            next += PUBLISH_INTERVAL.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    private static String enc(String s) {
        return RawHttp.formValue(s);
    }
}
