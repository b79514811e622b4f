package dev.sluice.bench.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.EventExecutor;

/**
 * A worker's subscribers: opens them at a given rate with a bound on connects in flight, keeps
 * them open, closes them, and reopens them with {@code Last-Event-ID} for the replay scenario.
 * Uses epoll when available (and then {@code IP_BIND_ADDRESS_NO_PORT}, so many connections can
 * share one source address), NIO otherwise.
 */
final class SubscriberPool implements SubscriberHandler.Outcome, AutoCloseable {

    private static final int MAX_FAILURE_REASONS = 16;

    private final WorkerSpec spec;
    private final Target target;
    private final BenchClock clock;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<EventLoop, LoopStats> statsByLoop = new IdentityHashMap<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    final LongAdder progress = new LongAdder();
    private final AtomicLong closedEarly = new AtomicLong();
    private final Map<String, Long> failureReasons = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    // Per connect round; replaced by the main thread only between rounds.
    private volatile Round round;

    SubscriberPool(WorkerSpec spec, BenchClock clock) {
        this.spec = spec;
        this.target = spec.target().target();
        this.clock = clock;
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(spec.ioThreads(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        if (epoll) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        for (EventExecutor e : group) {
            Timeline t = new Timeline(spec.startNanos(), spec.bucketMillis(), spec.maxBuckets());
            statsByLoop.put((EventLoop) e, new LoopStats(t, progress));
        }
        List<Integer> ports = spec.target().ports();
        for (int i = 0; i < spec.subscribers(); i++) {
            int g = spec.firstSubscriber() + i;
            int topic = g % spec.topics();
            int port = ports.get(g % ports.size());
            InetAddress source = address(spec.sources().get((g / ports.size()) % spec.sources().size()));
            EventLoop loop = group.next();
            subscriptions.add(new Subscription(topic, target.topic(spec.runId(), topic), port, source, loop,
                    statsByLoop.get(loop)));
        }
    }

    static String transport() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }

    /** Opens every subscription (resuming from its last event id if asked), paced and bounded. */
    ConnectReport connectAll(boolean resume, Duration timeout) throws InterruptedException {
        stopping = false;
        Round r = new Round(subscriptions.size(), Math.max(1, spec.maxConnectsInFlight()));
        round = r;
        long intervalNanos = spec.connectsPerSecond() > 0 ? (long) (1e9 / spec.connectsPerSecond()) : 0;
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        long first = clock.now();
        for (int i = 0; i < subscriptions.size(); i++) {
            if (intervalNanos > 0) {
                long due = begin + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the offered connect rate
                }
            }
            if (!r.inFlight.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                break;
            }
            connect(subscriptions.get(i), resume);
        }
        r.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return new ConnectReport(subscriptions.size(), r.connected.get(), r.failed.get(), first,
                r.lastSettled.get(), Map.copyOf(failureReasons));
    }

    private void connect(Subscription s, boolean resume) {
        long start = clock.now();
        // Read on the subscription's loop only: hand it the resume point from there.
        s.loop.execute(() -> {
            String from = resume ? s.lastEventId : null;
            Bootstrap b = bootstrap.clone(s.loop).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(4096, 8192, 65536),
                            new SubscriberHandler(s, target, from, SubscriberPool.this, clock, start,
                                    spec.readIds()));
                }
            });
            ChannelFuture f = b.connect(new InetSocketAddress(spec.target().host(), s.port),
                    new InetSocketAddress(s.source, 0));
            s.channel = f.channel();
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    settled(s, false, done.cause().getClass().getSimpleName() + ": " + done.cause().getMessage());
                }
            });
        });
    }

    @Override
    public void settled(Subscription s, boolean ok, String why) {
        Round r = round;
        if (ok) {
            r.connected.incrementAndGet();
        } else {
            r.failed.incrementAndGet();
            if (failureReasons.size() < MAX_FAILURE_REASONS || failureReasons.containsKey(why)) {
                failureReasons.merge(String.valueOf(why), 1L, Long::sum);
            }
        }
        r.lastSettled.accumulateAndGet(clock.now(), Math::max);
        r.inFlight.release();
        r.done.countDown();
    }

    @Override
    public void closed(Subscription s, boolean wasEstablished) {
        if (wasEstablished && !stopping) {
            closedEarly.incrementAndGet();
        }
    }

    /** Closes every connection and waits for the closes; subscription state is kept. */
    void closeAll(Duration timeout) {
        stopping = true;
        List<ChannelFuture> closes = new ArrayList<>();
        for (Subscription s : subscriptions) {
            Channel ch = s.channel;
            if (ch != null) {
                closes.add(ch.close());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ChannelFuture f : closes) {
            f.awaitUninterruptibly(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    long closedEarly() {
        return closedEarly.get();
    }

    List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** Valid only after {@link #close()}: the loops have stopped, so their stats are final. */
    Iterable<LoopStats> loopStats() {
        return statsByLoop.values();
    }

    @Override
    public void close() {
        closeAll(Duration.ofSeconds(10));
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static InetAddress address(String literal) {
        try {
            InetAddress a = InetAddress.getByName(literal);
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("loopback source addresses only, not " + literal);
            }
            return a;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("bad source address " + literal, e);
        }
    }

    /** Accounting of one connect round. */
    private static final class Round {
        final Semaphore inFlight;
        final CountDownLatch done;
        final AtomicLong connected = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong lastSettled = new AtomicLong();

        Round(int attempts, int maxInFlight) {
            this.inFlight = new Semaphore(maxInFlight);
            this.done = new CountDownLatch(attempts);
        }
    }
}
