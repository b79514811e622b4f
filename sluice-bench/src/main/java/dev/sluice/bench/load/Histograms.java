package dev.sluice.bench.load;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/** Creating, shipping and summarising the microsecond latency histograms. */
public final class Histograms {

    /** Ten minutes: anything slower is clamped to this and still counted. */
    public static final long HIGHEST_MICROS = 600_000_000L;

    private Histograms() {
    }

    public static Histogram newMicros() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    /** Records {@code micros}, clamped into the trackable range. */
    public static void recordMicros(Histogram h, long micros) {
        h.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, micros)));
    }

    /** HdrHistogram's compressed form in Base64, to ship between processes in JSON. */
    public static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int size = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[size];
        buf.flip();
        buf.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }

    /** p50/p90/p99/p99.9/max and count, in milliseconds (three decimals). */
    public static Map<String, Object> summaryMillis(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50", millis(h.getValueAtPercentile(50)));
        m.put("p90", millis(h.getValueAtPercentile(90)));
        m.put("p99", millis(h.getValueAtPercentile(99)));
        m.put("p99_9", millis(h.getValueAtPercentile(99.9)));
        m.put("max", millis(h.getMaxValue()));
        m.put("mean", millis((long) h.getMean()));
        return m;
    }

    private static double millis(long micros) {
        return Math.round(micros) / 1000.0;
    }
}
