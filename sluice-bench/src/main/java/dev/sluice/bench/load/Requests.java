package dev.sluice.bench.load;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

/** Building the few HTTP/1.1 requests the generator sends. */
final class Requests {

    private Requests() {
    }

    static FullHttpRequest sseGet(TargetSpec spec, String uri, int port, String lastEventId) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri,
                Unpooled.EMPTY_BUFFER);
        req.headers().set(HttpHeaderNames.HOST, spec.host() + ":" + port)
                .set(HttpHeaderNames.ACCEPT, "text/event-stream")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (spec.subscriberToken() != null) {
            req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + spec.subscriberToken());
        }
        if (lastEventId != null) {
            req.headers().set("Last-Event-ID", lastEventId);
        }
        return req;
    }

    /** A POST whose body is allocated from {@code alloc}; the request owns it. */
    static FullHttpRequest post(TargetSpec spec, ByteBufAllocator alloc, String uri, String contentType,
                                String body) {
        ByteBuf content = alloc.buffer(body.length());
        content.writeCharSequence(body, StandardCharsets.UTF_8);
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri, content);
        req.headers().set(HttpHeaderNames.HOST, spec.host() + ":" + spec.publishPort())
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (spec.publisherToken() != null) {
            req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + spec.publisherToken());
        }
        return req;
    }
}
