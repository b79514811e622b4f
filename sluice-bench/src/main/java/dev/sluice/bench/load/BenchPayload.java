package dev.sluice.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * The {@code data} of every benchmark event: {@code "<seq> <sentNanos> <dueNanos> xxxx…"}, ASCII,
 * padded with {@code x} to the requested size. Sequence numbers start at 1 per topic. Both times are
 * {@link BenchClock} readings: {@code sent} is taken just before the publish request is written,
 * {@code due} is when the publisher's schedule wanted it sent. They differ when the publisher had
 * to hold the event back because the server had not yet answered the previous publish; latency
 * from {@code due} therefore includes that wait, which latency from {@code sent} would hide
 * (coordinated omission).
 */
public final class BenchPayload {

    /** What {@link #parseNumber} returns when there is no number to read. */
    public static final long UNPARSED = -1;

    private BenchPayload() {
    }

    /** Builds the data string for an event sent when it was due. */
    public static String encode(long seq, long publishNanos, int size) {
        return encode(seq, publishNanos, publishNanos, size);
    }

    /** Builds the data string; it is never shorter than its three numbers and two spaces. */
    public static String encode(long seq, long sentNanos, long dueNanos, int size) {
        StringBuilder sb = new StringBuilder(Math.max(size, 60));
        sb.append(seq).append(' ').append(sentNanos).append(' ').append(dueNanos);
        if (sb.length() < size) {
            sb.append(' ');
            while (sb.length() < size) {
                sb.append('x');
            }
        }
        return sb.toString();
    }

    /**
     * Parses the decimal number starting at {@code index} up to a space or {@code end}.
     *
     * @return the number, or {@link #UNPARSED} if no digit is there, a non-digit comes first, or it
     *     overflows a long; {@link #numberEnd} gives where it stops
     */
    public static long parseNumber(ByteBuf buf, int index, int end) {
        long value = 0;
        int digits = 0;
        for (int i = index; i < end; i++) {
            byte b = buf.getByte(i);
            if (b == ' ') {
                break;
            }
            if (b < '0' || b > '9' || value > (Long.MAX_VALUE - (b - '0')) / 10) {
                return UNPARSED;
            }
            value = value * 10 + (b - '0');
            digits++;
        }
        return digits == 0 ? UNPARSED : value;
    }

    /** Index just past the number starting at {@code index} (at the space or {@code end}). */
    public static int numberEnd(ByteBuf buf, int index, int end) {
        int i = index;
        while (i < end && buf.getByte(i) != ' ') {
            i++;
        }
        return i;
    }
}
