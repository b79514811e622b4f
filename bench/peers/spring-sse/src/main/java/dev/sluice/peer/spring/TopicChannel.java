package dev.sluice.peer.spring;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** One topic: its subscribers and a bounded history for Last-Event-ID replay. */
final class TopicChannel {

    /** Enough history for the benchmark's replay scenario (10,000 missed events). */
    private static final int HISTORY = 20_000;

    private final Set<SseEmitter> emitters = new CopyOnWriteArraySet<>();
    private final ArrayDeque<String[]> history = new ArrayDeque<>(); // Guarded by this.

    void subscribe(SseEmitter emitter, String lastEventId) {
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        List<String[]> missed = new ArrayList<>();
        synchronized (this) {
            if (lastEventId != null) {
                boolean after = false;
                for (String[] event : history) {
                    if (after) {
                        missed.add(event);
                    } else if (event[0].equals(lastEventId)) {
                        after = true;
                    }
                }
            }
            // Registered under the same lock as broadcast() appends, so nothing falls in between.
            try {
                // Spring commits the response (status and headers) only on the first send; a comment
                // makes EventSource.onopen fire now instead of at the first event.
                emitter.send(SseEmitter.event().comment("subscribed"));
                for (String[] event : missed) {
                    emitter.send(SseEmitter.event().id(event[0]).data(event[1]));
                }
            } catch (IOException e) {
                emitter.completeWithError(e);
                return;
            }
            emitters.add(emitter);
        }
    }

    /**
     * Sends an SSE comment to every subscriber. The Servlet API never says when a client leaves,
     * and Tomcat does not read from a connection while its request is async, so a departed
     * subscriber is only noticed when a write to it fails: without this, every closed stream stays
     * open on the server (CLOSE_WAIT, its heap and a Tomcat connection slot) for good. Not under
     * the topic lock: a comment carries no event, so where it falls between events does not
     * matter, and each emitter serializes its own writes.
     */
    void heartbeat() {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().comment(""));
            } catch (IOException | IllegalStateException e) {
                // Gone: the container then dispatches the error and closes the connection.
                emitters.remove(emitter);
            }
        }
    }

    void broadcast(String id, String data) {
        synchronized (this) {
            history.addLast(new String[] {id, data});
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
            for (SseEmitter emitter : emitters) {
                try {
                    emitter.send(SseEmitter.event().id(id).data(data));
                } catch (IOException | IllegalStateException e) {
                    emitters.remove(emitter);
                }
            }
        }
    }
}
