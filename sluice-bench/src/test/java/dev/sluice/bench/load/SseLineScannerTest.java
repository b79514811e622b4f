package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SseLineScannerTest {

    private final List<String> lines = new ArrayList<>();
    private final SseLineScanner scanner = new SseLineScanner(
            (buf, index, length) -> lines.add(buf.toString(index, length, StandardCharsets.UTF_8)), 64);

    @AfterEach
    void releaseScanner() {
        scanner.release();
    }

    @Test
    void splitsLinesOnLfAndCrLf() {
        feed("id: 1\r\ndata: a\n\n");

        assertThat(lines).containsExactly("id: 1", "data: a", "");
    }

    @Test
    void joinsLinesSplitAtEveryOffset() {
        String stream = "data: 12 345\r\n\r\n: comment\ndata: x\n\n";
        for (int cut = 0; cut <= stream.length(); cut++) {
            lines.clear();
            feed(stream.substring(0, cut));
            feed(stream.substring(cut));

            assertThat(lines).as("cut at %d", cut).containsExactly("data: 12 345", "", ": comment", "data: x", "");
        }
    }

    @Test
    void keepsAnUnfinishedLineUntilItsEnd() {
        feed("data: par");

        assertThat(lines).isEmpty();
        feed("tial\n");
        assertThat(lines).containsExactly("data: partial");
    }

    @Test
    void dropsAnOversizedSplitLineWholeAndCountsIt() {
        feed("data: " + "x".repeat(40));
        feed("y".repeat(40));
        feed("z\ndata: ok\n");

        assertThat(lines).containsExactly("data: ok");
        assertThat(scanner.oversizedLines()).isEqualTo(1);
    }

    @Test
    void consumesEveryByteItIsGiven() {
        ByteBuf in = Unpooled.copiedBuffer("data: a\ndata: b", StandardCharsets.UTF_8);
        try {
            scanner.feed(in);
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
    }

    private void feed(String s) {
        ByteBuf in = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
        try {
            scanner.feed(in);
        } finally {
            in.release();
        }
    }
}
