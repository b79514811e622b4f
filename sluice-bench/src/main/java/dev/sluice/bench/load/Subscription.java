package dev.sluice.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * One simulated subscriber: its topic, its sequence accounting and the last event id it saw,
 * surviving reconnects. Pinned to one event loop for its whole life so its state needs no lock.
 */
final class Subscription {

    final int topicIndex;
    final String topic;
    final int port;
    final java.net.InetAddress source;
    final EventLoop loop;
    final LoopStats stats;
    final SequenceTracker tracker = new SequenceTracker(); // Event-loop only (this.loop).
    String lastEventId; // Event-loop only (this.loop).
    Channel channel; // Event-loop only (this.loop); read by the worker after the loop stopped.

    Subscription(int topicIndex, String topic, int port, java.net.InetAddress source, EventLoop loop,
                 LoopStats stats) {
        this.topicIndex = topicIndex;
        this.topic = topic;
        this.port = port;
        this.source = source;
        this.loop = loop;
        this.stats = stats;
    }
}
