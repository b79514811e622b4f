package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {

    private record Seen(long seq, long nanos, long due, String id) {
        Seen(long seq, long nanos, String id) {
            this(seq, nanos, nanos, id);
        }
    }

    private final List<Seen> events = new ArrayList<>();

    @Test
    void readsSequenceAndTimestampFromTheDataOfEachEvent() {
        feed(true, "id: 1795289444:0\ndata: " + BenchPayload.encode(7, 1795289694370640095L, 100) + "\n\n"
                + ": keep-alive\n\n"
                + "data: " + BenchPayload.encode(8, 42, 10) + "\n\n");

        assertThat(events).containsExactly(new Seen(7, 1795289694370640095L, "1795289444:0"),
                new Seen(8, 42, "1795289444:0"));
    }

    @Test
    void readsTheDueTimeOfAnEventTheSchedulerHeldBack() {
        feed(false, "data: " + BenchPayload.encode(3, 5_000_000, 1_000_000, 100) + "\n\n");

        assertThat(events).containsExactly(new Seen(3, 5_000_000, 1_000_000, null));
    }

    @Test
    void marksForeignDataAsUnparsed() {
        feed(false, "data: hello world\n\ndata:\n\n");

        assertThat(events).containsExactly(new Seen(BenchPayload.UNPARSED, BenchPayload.UNPARSED, null),
                new Seen(BenchPayload.UNPARSED, BenchPayload.UNPARSED, null));
    }

    @Test
    void leavesIdsAloneUnlessAsked() {
        feed(false, "id: 5\ndata: 1 2\n\n");

        assertThat(events).containsExactly(new Seen(1, 2, null));
    }

    @Test
    void rejectsANumberThatOverflowsALong() {
        feed(false, "data: 1 99999999999999999999\n\n");

        assertThat(events).containsExactly(new Seen(1, BenchPayload.UNPARSED, null));
    }

    private void feed(boolean readIds, String stream) {
        SseEventReader reader = new SseEventReader(
                (seq, nanos, due, id) -> events.add(new Seen(seq, nanos, due, id)), readIds);
        SseLineScanner scanner = new SseLineScanner(reader, 1024);
        ByteBuf in = Unpooled.copiedBuffer(stream, StandardCharsets.UTF_8);
        try {
            scanner.feed(in);
        } finally {
            in.release();
            scanner.release();
        }
    }
}
