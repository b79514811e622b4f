package dev.sluice.bench.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Publishes benchmark events through the target's own API over a few keep-alive connections, one
 * request in flight per connection.
 *
 * <p>Each topic is bound to one connection ({@code topic % connections}) and its sequence numbers
 * are assigned when its request is written, so a topic's events reach the server in sequence
 * order: any reordering the subscribers see is the server's. Two modes: paced (open loop, a fixed
 * offered rate; requests queue per connection, bounded) and closed loop (as fast as the server
 * answers).
 *
 * <p>In paced mode each event also carries the time its slot in the schedule came up. A server that
 * answers a publish only after its fan-out makes the next event wait here, and that wait is part
 * of what a real publisher would see; the subscribers measure latency both from that due time and
 * from the request's write ({@link BenchPayload}).
 */
final class Publisher implements AutoCloseable {

    /** Requests waiting per connection in paced mode; past this the offer is refused and counted. */
    static final int MAX_QUEUED_PER_CONNECTION = 100_000;

    private final Target target;
    private final BenchClock clock;
    private final String runId;
    private final int topics;
    private final int payloadBytes;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicLongArray published;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong firstWriteNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger closedConns = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String lastError = "";
    /** Request written → answer read, per publish; recorded on the publisher's one event loop. */
    private final org.HdrHistogram.Histogram ackMicros = Histograms.newMicros();

    Publisher(Target target, BenchClock clock, String runId, int topics, int connections, int payloadBytes)
            throws InterruptedException {
        this.target = target;
        this.clock = clock;
        this.runId = runId;
        this.topics = topics;
        this.payloadBytes = payloadBytes;
        this.published = new AtomicLongArray(topics);
        Bootstrap b = new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
        int n = Math.max(1, Math.min(connections, topics));
        for (int i = 0; i < n; i++) {
            Conn c = new Conn(i, n);
            Channel ch = b.clone().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), c);
                }
            }).connect(new InetSocketAddress(target.spec().host(), target.spec().publishPort())).sync().channel();
            c.channel = ch;
            conns.add(c);
        }
    }

    /**
     * Offers {@code total} events at {@code perSecond}, round-robin over topics, for at most {@code
     * maxDuration}; events still queued then are dropped (counted as refused). Waits for answers.
     */
    void runPaced(double perSecond, long total, Duration maxDuration) throws InterruptedException {
        long base = completed.get() + refused.get();
        long interval = (long) (1e9 / perSecond);
        long begin = System.nanoTime();
        long deadline = begin + maxDuration.toNanos();
        long offered = 0;
        for (long k = 0; k < total && System.nanoTime() < deadline; k++) {
            long slot = begin + k * interval;
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing the offered publish rate
            }
            int topic = (int) (k % topics);
            long due = slot + clock.offsetNanos(); // the slot on the clock the payload carries
            Conn c = conns.get(topic % conns.size());
            c.channel.eventLoop().execute(() -> c.offer(topic, due));
            offered++;
        }
        // Queued events may still go until the window closes; what is queued then is never sent
        // and counts as refused.
        awaitAnswers(base, offered, deadline);
        for (Conn c : conns) {
            c.channel.eventLoop().execute(c::dropQueued);
        }
        awaitAnswers(base, offered, deadline + 30_000_000_000L);
    }

    /** Publishes {@code total} events as fast as the server answers, one in flight per connection. */
    void runClosedLoop(long total, Duration maxDuration) throws InterruptedException {
        long base = completed.get() + refused.get();
        AtomicLong issued = new AtomicLong();
        CountDownLatch started = new CountDownLatch(conns.size());
        for (Conn c : conns) {
            c.channel.eventLoop().execute(() -> {
                c.closedLoop = issued;
                c.closedLoopTotal = total;
                c.next();
                started.countDown();
            });
        }
        started.await();
        awaitAnswers(base, total, System.nanoTime() + maxDuration.toNanos());
    }

    private void awaitAnswers(long base, long total, long deadlineNanos) throws InterruptedException {
        while (completed.get() + refused.get() - base < total && System.nanoTime() < deadlineNanos
                && closedConns.get() < conns.size()) {
            Thread.sleep(5); // polling the answer count; latency is measured by the subscribers
        }
    }

    /** Successfully published events per topic: what each subscriber must receive. */
    long[] publishedPerTopic() {
        long[] out = new long[topics];
        for (int i = 0; i < topics; i++) {
            out[i] = published.get(i);
        }
        return out;
    }

    long errors() {
        return errors.get();
    }

    long refused() {
        return refused.get();
    }

    String lastError() {
        return lastError;
    }

    /** Publish acknowledgement times (request written → answer read); call after the run. */
    org.HdrHistogram.Histogram ackMicros() {
        // The loop wrote it; reading it on the loop makes the copy happen-after every record.
        try {
            return group.next().submit(ackMicros::copy).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ackMicros.copy();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    long firstWriteNanos() {
        return firstWriteNanos.get();
    }

    long lastAckNanos() {
        return lastAckNanos.get();
    }

    @Override
    public void close() {
        for (Conn c : conns) {
            c.channel.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One keep-alive publish connection. */
    private final class Conn extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final int index;
        private final int stride;
        Channel channel;
        // Event-loop only, all below.
        private final ArrayDeque<Offer> queue = new ArrayDeque<>();
        private final long[] nextSeq = new long[topics];
        private int inFlightTopic = -1;
        private long inFlightSince;
        private int roundRobin;
        AtomicLong closedLoop;
        long closedLoopTotal;

        Conn(int index, int stride) {
            this.index = index;
            this.stride = stride;
        }

        void offer(int topic, long dueNanos) {
            if (inFlightTopic < 0) {
                send(topic, dueNanos);
            } else if (queue.size() < MAX_QUEUED_PER_CONNECTION) {
                queue.add(new Offer(topic, dueNanos));
            } else {
                refused.incrementAndGet();
            }
        }

        void dropQueued() {
            refused.addAndGet(queue.size());
            queue.clear();
        }

        void next() {
            if (closedLoop != null) {
                if (closedLoop.getAndIncrement() < closedLoopTotal) {
                    // Topics of this connection: index, index + stride, ...
                    int count = (topics - index + stride - 1) / stride;
                    // Closed loop has no schedule: each event is due when it is sent.
                    send(index + (roundRobin++ % count) * stride, clock.now());
                }
            } else if (!queue.isEmpty()) {
                Offer o = queue.poll();
                send(o.topic(), o.dueNanos());
            }
        }

        private void send(int topic, long dueNanos) {
            inFlightTopic = topic;
            long seq = ++nextSeq[topic];
            long now = clock.now();
            inFlightSince = now;
            firstWriteNanos.accumulateAndGet(now, Math::min);
            String data = BenchPayload.encode(seq, now, Math.min(now, dueNanos), payloadBytes);
            String id = "b" + runId + "-" + topic + "-" + seq;
            // Ownership of the request and its body passes to the pipeline.
            channel.writeAndFlush(target.publish(channel.alloc(), target.topic(runId, topic), id, data))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            fail(f.cause().toString());
                        }
                    });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            int topic = inFlightTopic;
            inFlightTopic = -1;
            Histograms.recordMicros(ackMicros, (clock.now() - inFlightSince) / 1_000);
            if (target.published(response.status())) {
                published.incrementAndGet(topic);
                lastAckNanos.accumulateAndGet(clock.now(), Math::max);
            } else {
                errors.incrementAndGet();
                lastError = "HTTP " + response.status().code() + " "
                        + response.content().toString(java.nio.charset.StandardCharsets.UTF_8).trim();
            }
            completed.incrementAndGet();
            next();
        }

        private void fail(String why) {
            lastError = why;
            errors.incrementAndGet();
            completed.incrementAndGet();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // A server that drops the publish connection ends this connection's share of the run.
            if (inFlightTopic >= 0) {
                fail("connection closed with a request in flight");
                inFlightTopic = -1;
            }
            lastError = lastError.isEmpty() ? "publish connection closed by the server" : lastError;
            closedConns.incrementAndGet();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            lastError = cause.toString();
            ctx.close();
        }
    }

    /** An event waiting for its connection's previous publish to be answered. */
    private record Offer(int topic, long dueNanos) {
    }
}
