package dev.sluice.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * Splits an SSE byte stream into lines as it arrives, without allocating per byte or per line.
 *
 * <p>Complete lines are handed to the {@link LineListener} as a region of the buffer they sit in
 * (terminator excluded, a trailing CR of a CRLF removed). Only a line that spans two reads is
 * copied, into one small buffer this scanner keeps. Lines end at LF or CRLF; a bare CR terminator
 * (legal SSE that none of the benchmarked servers emits) is not recognised: this is a load
 * generator's scanner, {@code dev.sluice.EventParser} in sluice-core is the exact one.
 *
 * <p>This class is not thread-safe: one instance per connection, used on its event loop.
 */
public final class SseLineScanner {

    /** Receives each complete line; {@code length == 0} is the blank line that ends an event. */
    @FunctionalInterface
    public interface LineListener {
        /** The region is valid only during the call; the listener must not retain the buffer. */
        void onLine(ByteBuf buf, int index, int length);
    }

    private final LineListener listener;
    private final int maxLineBytes;
    // Event-loop only. Owned by this scanner (holds a line split across reads); freed by release().
    private ByteBuf partial;
    private boolean skippingOversizedLine; // Event-loop only.
    private long oversizedLines; // Event-loop only.

    public SseLineScanner(LineListener listener, int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes <= 0: " + maxLineBytes);
        }
        this.listener = listener;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Consumes every readable byte of {@code in}. The caller keeps ownership of {@code in} and
     * releases it; bytes of an unfinished line are copied.
     */
    public void feed(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        while (start < end) {
            int lf = in.indexOf(start, end, (byte) '\n');
            if (lf < 0) {
                keep(in, start, end - start);
                break;
            }
            if (skippingOversizedLine) {
                skippingOversizedLine = false;
            } else if (partial != null && partial.isReadable()) {
                keep(in, start, lf - start);
                if (!skippingOversizedLine) {
                    emit(partial, partial.readerIndex(), partial.readableBytes());
                }
                skippingOversizedLine = false;
                partial.clear();
            } else {
                emit(in, start, lf - start);
            }
            start = lf + 1;
        }
        in.readerIndex(end);
    }

    /** Lines longer than the limit, dropped whole. */
    public long oversizedLines() {
        return oversizedLines;
    }

    /** Frees the carry-over buffer; call once when the connection closes. */
    public void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    private void emit(ByteBuf buf, int index, int length) {
        if (length > 0 && buf.getByte(index + length - 1) == '\r') {
            length--;
        }
        listener.onLine(buf, index, length);
    }

    private void keep(ByteBuf in, int index, int length) {
        if (skippingOversizedLine || length == 0) {
            return;
        }
        if (partial == null) {
            partial = in.alloc().buffer(Math.min(256, maxLineBytes), maxLineBytes);
        }
        if (partial.readableBytes() + length > maxLineBytes) {
            oversizedLines++;
            skippingOversizedLine = true;
            partial.clear();
            return;
        }
        partial.writeBytes(in, index, length);
    }
}
