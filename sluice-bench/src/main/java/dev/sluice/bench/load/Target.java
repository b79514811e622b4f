package dev.sluice.bench.load;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/** One server's publish and subscribe API, as the generator drives it. */
public interface Target {

    TargetSpec spec();

    /** The name a topic gets on this server, unique to the run so old history never interferes. */
    String topic(String runId, int index);

    /** The subscribe request; {@code lastEventId} may be null. */
    FullHttpRequest subscribe(String topic, String lastEventId, int port);

    /**
     * A publish request for one event. The returned request owns a buffer allocated from {@code
     * alloc}; ownership passes to whoever writes it.
     */
    FullHttpRequest publish(ByteBufAllocator alloc, String topic, String id, String data);

    default boolean published(HttpResponseStatus status) {
        return status.codeClass() == io.netty.handler.codec.http.HttpStatusClass.SUCCESS;
    }
}
