package dev.sluice.bench.load;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Turns scanned lines into benchmark events: reads {@code seq}, the time sent and the time due
 * straight from the bytes of the first {@code data:} line (see {@link BenchPayload}) and, only when asked, the
 * {@code id:} as a String (needed to reconnect with {@code Last-Event-ID}). Comments and other
 * fields are skipped.
 *
 * <p>This class is not thread-safe: one instance per connection, used on its event loop.
 */
public final class SseEventReader implements SseLineScanner.LineListener {

    /** Receives each dispatched event. */
    public interface EventSink {
        /**
         * {@code seq}/{@code sentNanos} are {@link BenchPayload#UNPARSED} for foreign data; {@code
         * dueNanos} is {@code sentNanos} when the data carries no due time.
         */
        void onEvent(long seq, long sentNanos, long dueNanos, String idOrNull);
    }

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private final EventSink sink;
    private final boolean readIds;
    // Event-loop only: the event being assembled.
    private boolean hasData;
    private long seq = BenchPayload.UNPARSED;
    private long sentNanos = BenchPayload.UNPARSED;
    private long dueNanos = BenchPayload.UNPARSED;
    private String id; // Event-loop only; last id seen, kept across events as SSE does.

    public SseEventReader(EventSink sink, boolean readIds) {
        this.sink = sink;
        this.readIds = readIds;
    }

    @Override
    public void onLine(ByteBuf buf, int index, int length) {
        if (length == 0) {
            if (hasData) {
                sink.onEvent(seq, sentNanos, dueNanos == BenchPayload.UNPARSED ? sentNanos : dueNanos, id);
            }
            hasData = false;
            seq = BenchPayload.UNPARSED;
            sentNanos = BenchPayload.UNPARSED;
            dueNanos = BenchPayload.UNPARSED;
            return;
        }
        int end = index + length;
        if (isField(buf, index, end, DATA)) {
            if (!hasData) {
                hasData = true;
                int value = valueStart(buf, index + DATA.length, end);
                seq = BenchPayload.parseNumber(buf, value, end);
                int next = BenchPayload.numberEnd(buf, value, end) + 1;
                sentNanos = seq == BenchPayload.UNPARSED || next >= end
                        ? BenchPayload.UNPARSED
                        : BenchPayload.parseNumber(buf, next, end);
                next = BenchPayload.numberEnd(buf, next, end) + 1;
                dueNanos = sentNanos == BenchPayload.UNPARSED || next >= end
                        ? BenchPayload.UNPARSED
                        : BenchPayload.parseNumber(buf, next, end);
            }
        } else if (readIds && isField(buf, index, end, ID)) {
            int value = valueStart(buf, index + ID.length, end);
            id = buf.toString(value, end - value, StandardCharsets.UTF_8);
        }
    }

    /** The last event id seen, if ids are read. */
    public String lastId() {
        return id;
    }

    private static boolean isField(ByteBuf buf, int index, int end, byte[] name) {
        if (end - index < name.length + 1) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (buf.getByte(index + i) != name[i]) {
                return false;
            }
        }
        return buf.getByte(index + name.length) == ':';
    }

    /** Skips the colon and the one optional space after it. */
    private static int valueStart(ByteBuf buf, int colon, int end) {
        int value = colon + 1;
        return value < end && buf.getByte(value) == ' ' ? value + 1 : value;
    }
}
