package dev.sluice.bench.load;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A Mercure hub (Sluice's, or any other): subscribe with {@code GET /.well-known/mercure?match=},
 * publish with a form-encoded {@code POST} carrying {@code topic}, {@code data} and our own {@code
 * id} (hubs honour publisher-supplied ids), authorised by a bearer JWT.
 */
final class MercureTarget implements Target {

    static final String PATH = "/.well-known/mercure";

    private final TargetSpec spec;

    MercureTarget(TargetSpec spec) {
        this.spec = spec;
    }

    @Override
    public TargetSpec spec() {
        return spec;
    }

    @Override
    public String topic(String runId, int index) {
        return "urn:sluice-bench:" + runId + ":" + index;
    }

    @Override
    public FullHttpRequest subscribe(String topic, String lastEventId, int port) {
        return Requests.sseGet(spec, PATH + "?match=" + encode(topic), port, lastEventId);
    }

    @Override
    public FullHttpRequest publish(ByteBufAllocator alloc, String topic, String id, String data) {
        String form = "topic=" + encode(topic) + "&id=" + encode(id) + "&data=" + encode(data);
        return Requests.post(spec, alloc, PATH, "application/x-www-form-urlencoded", form);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
