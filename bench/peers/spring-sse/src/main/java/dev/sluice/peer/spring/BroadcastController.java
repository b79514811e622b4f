package dev.sluice.peer.spring;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The textbook SseEmitter broadcaster: GET /sub/{topic} subscribes, POST /pub/{topic} sends the
 * request body to every subscriber of that topic. Each topic keeps a bounded history so a client
 * that reconnects with Last-Event-ID gets what it missed, as a team would add once asked for it.
 */
@RestController
public class BroadcastController {

    private final Map<String, TopicChannel> topics = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @GetMapping(path = "/sub/{topic}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter subscribe(@PathVariable String topic,
                                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        SseEmitter emitter = new SseEmitter(0L); // never time out; the client decides when to leave
        topics.computeIfAbsent(topic, t -> new TopicChannel()).subscribe(emitter, lastEventId);
        return emitter;
    }

    /**
     * Finds subscribers that left (see {@link TopicChannel#heartbeat()}). 15 s, a common SSE
     * heartbeat (Sluice's default too). The first write to a departed client only draws a reset;
     * the next one fails, so a departed subscriber is let go within two periods.
     */
    @Scheduled(fixedDelayString = "${peer.heartbeat-millis:15000}")
    public void heartbeat() {
        topics.values().forEach(TopicChannel::heartbeat);
    }

    @PostMapping("/pub/{topic}")
    public String publish(@PathVariable String topic, @RequestBody String data) throws IOException {
        String id = Long.toString(ids.incrementAndGet());
        topics.computeIfAbsent(topic, t -> new TopicChannel()).broadcast(id, data);
        return id;
    }
}
