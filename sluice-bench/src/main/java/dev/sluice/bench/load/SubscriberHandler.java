package dev.sluice.bench.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * One SSE connection: sends the subscribe request, waits for {@code 200}, then scans the body on
 * the event loop and feeds each event to the subscription's accounting.
 *
 * <p>Pipeline: {@code HttpClientCodec → SubscriberHandler}. Every message read here is released
 * here.
 */
final class SubscriberHandler extends ChannelInboundHandlerAdapter implements SseEventReader.EventSink {

    /** A server that has not answered the subscribe request by then counts as a failed connect. */
    static final long RESPONSE_TIMEOUT_SECONDS = 15;

    /** Longest SSE line accepted; benchmark payloads are far below. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    /** Told when the connection is established (200) or has failed to be, exactly once. */
    interface Outcome {
        void settled(Subscription s, boolean ok, String why);

        void closed(Subscription s, boolean wasEstablished);
    }

    private final Subscription sub;
    private final Target target;
    private final String resumeFrom;
    private final Outcome outcome;
    private final BenchClock clock;
    private final long startNanos;
    private final SseEventReader reader;
    private final SseLineScanner scanner;
    private boolean settled; // Event-loop only.
    private boolean established; // Event-loop only.

    SubscriberHandler(Subscription sub, Target target, String resumeFrom, Outcome outcome, BenchClock clock,
                      long startNanos, boolean readIds) {
        this.sub = sub;
        this.target = target;
        this.resumeFrom = resumeFrom;
        this.outcome = outcome;
        this.clock = clock;
        this.startNanos = startNanos;
        this.reader = new SseEventReader(this, readIds);
        this.scanner = new SseLineScanner(reader, MAX_LINE_BYTES);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Ownership of the request (and its empty body) passes to the pipeline.
        ctx.writeAndFlush(target.subscribe(sub.topic, resumeFrom, sub.port));
        ctx.executor().schedule(() -> {
            if (!settled) {
                settle(false, "no response headers within " + RESPONSE_TIMEOUT_SECONDS + " s");
                ctx.close();
            }
        }, RESPONSE_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                onHeaders(ctx, response);
            }
            if (msg instanceof HttpContent content && established) {
                scanner.feed(content.content());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void onEvent(long seq, long sentNanos, long dueNanos, String idOrNull) {
        if (seq == BenchPayload.UNPARSED || sentNanos == BenchPayload.UNPARSED) {
            sub.stats.unparsed++;
            return;
        }
        sub.tracker.record(seq);
        sub.stats.progress.increment();
        sub.stats.delivered(clock.now(), sentNanos, dueNanos);
        if (idOrNull != null) {
            sub.lastEventId = idOrNull;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        sub.stats.oversizedLines += scanner.oversizedLines();
        scanner.release();
        settle(false, "closed before response");
        outcome.closed(sub, established);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        settle(false, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        ctx.close();
    }

    private void onHeaders(ChannelHandlerContext ctx, HttpResponse response) {
        if (response.status().equals(HttpResponseStatus.OK)) {
            established = true;
            Histograms.recordMicros(sub.stats.connectMicros, (clock.now() - startNanos) / 1000);
            settle(true, null);
        } else {
            settle(false, "HTTP " + response.status().code());
            ctx.close();
        }
    }

    private void settle(boolean ok, String why) {
        if (!settled) {
            settled = true;
            outcome.settled(sub, ok, why);
        }
    }
}
