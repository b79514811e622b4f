package dev.sluice.bench.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RawHttpTest {

    @Test
    void countsEveryStatusLineAConnectionAnswers() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> answerTwiceAndClose(server));
            HostileTarget target = new HostileTarget("127.0.0.1", server.getLocalPort(), "p", "s", null);

            RawHttp.Exchange answer = RawHttp.exchange(target,
                    RawHttp.request(target, "GET /a HTTP/1.1", List.of(), new byte[0]), Duration.ofSeconds(10));

            assertThat(received.get(10, TimeUnit.SECONDS)).startsWith("GET /a HTTP/1.1\r\nHost: 127.0.0.1:");
            assertThat(answer.statuses()).containsExactly(200, 404);
            assertThat(answer.closedByHub()).isTrue();
            assertThat(answer.summary()).startsWith("200 \"ok");
        }
    }

    @Test
    void framesChunkedBodiesSoTheResponseAfterOneCounts() {
        String chunkedThenPipelined = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nHTTP/\r\n0\r\n\r\nHTTP/1.1 400 Bad Request\r\ncontent-length: 3\r\n\r\nbad";
        assertThat(RawHttp.statuses(chunkedThenPipelined)).containsExactly(200, 400);
        assertThat(RawHttp.statuses("garbage")).isEmpty();
    }

    @Test
    void noAnswerIsMinusOne() {
        RawHttp.Exchange nothing = new RawHttp.Exchange("", List.of(), true, "ConnectException: refused");
        assertThat(nothing.status()).isEqualTo(-1);
        assertThat(nothing.summary()).isEqualTo("no answer (ConnectException: refused)");
    }

    private static String answerTwiceAndClose(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                    + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(buf, 0, Math.max(0, n), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
