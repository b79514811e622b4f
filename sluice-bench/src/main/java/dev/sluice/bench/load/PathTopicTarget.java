package dev.sluice.bench.load;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Servers that name the topic in the path: nginx + nchan and the Spring SseEmitter peer both take
 * {@code GET /sub/<topic>} and {@code POST /pub/<topic>} with the event data as the raw body. They
 * assign event ids themselves (nchan: {@code time:tag}; Spring peer: a counter), so the
 * generator's own id is not sent; sequence and timestamp travel in the data.
 */
final class PathTopicTarget implements Target {

    private final TargetSpec spec;

    PathTopicTarget(TargetSpec spec) {
        this.spec = spec;
    }

    @Override
    public TargetSpec spec() {
        return spec;
    }

    @Override
    public String topic(String runId, int index) {
        return "b" + runId + "-" + index;
    }

    @Override
    public FullHttpRequest subscribe(String topic, String lastEventId, int port) {
        return Requests.sseGet(spec, "/sub/" + topic, port, lastEventId);
    }

    @Override
    public FullHttpRequest publish(ByteBufAllocator alloc, String topic, String id, String data) {
        return Requests.post(spec, alloc, "/pub/" + topic, "text/plain; charset=utf-8", data);
    }
}
