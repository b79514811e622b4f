package dev.sluice.hub.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A rough fan-out probe, not a benchmark harness (that is sluice-bench's job): opens N raw SSE
 * subscribers on one topic against a running hub, publishes M updates over HTTP, and reports how
 * long the N×M deliveries took to arrive. Subscribers count {@code "\ndata:"} in the raw bytes, so
 * the client does almost no work per event.
 *
 * <pre>{@code java -cp … dev.sluice.hub.probe.FanoutProbe <port> <publisherToken> <subscribers> <updates> <payloadBytes>}</pre>
 */
public final class FanoutProbe {
  private static final byte[] MARK = "\ndata:".getBytes(StandardCharsets.US_ASCII);

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String token = args[1];
    int subscribers = Integer.parseInt(args[2]);
    int updates = Integer.parseInt(args[3]);
    int payload = Integer.parseInt(args[4]);
    String topic = "https://example.com/fanout";
    LongAdder received = new LongAdder();
    CountDownLatch opened = new CountDownLatch(subscribers);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    byte[] request = ("GET /.well-known/mercure?match=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new Counter(received, opened));
          }
        });
    List<Channel> channels = new ArrayList<>(subscribers);
    for (int i = 0; i < subscribers; i++) {
      Channel ch = bootstrap.connect("127.0.0.1", port).sync().channel();
      ch.writeAndFlush(Unpooled.wrappedBuffer(request));
      channels.add(ch);
    }
    if (!opened.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("subscribers did not all open: " + opened.getCount() + " missing");
    }
    System.out.println("subscribers open: " + subscribers);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String body = "topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&data=" + "x".repeat(payload);
    long expected = (long) subscribers * updates;
    long start = System.nanoTime();
    // Eight publishes in flight, so the probe measures the hub's fan-out, not one round trip.
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(8);
    java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
    HttpRequest publish = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/.well-known/mercure"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    for (int i = 0; i < updates && failure.get() == null; i++) {
      inFlight.acquire();
      http.sendAsync(publish, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
        if (error != null || response.statusCode() != 200) {
          failure.set(error != null ? error.toString() : response.statusCode() + ": " + response.body());
        }
        inFlight.release();
      });
    }
    inFlight.acquire(8);
    if (failure.get() != null) {
      throw new IllegalStateException("publish failed: " + failure.get());
    }
    long published = System.nanoTime();
    long deadline = published + TimeUnit.SECONDS.toNanos(120);
    while (received.sum() < expected && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    System.out.printf("updates %d, deliveries %d of %d in %.2f s: %.0f deliveries/s (publishing took %.2f s)%n",
        updates, received.sum(), expected, seconds, received.sum() / seconds, (published - start) / 1e9);
    channels.forEach(Channel::close);
    group.shutdownGracefully().sync();
  }

  /** Counts events in raw bytes; marks the subscriber open at the end of the response head. */
  private static final class Counter extends ChannelInboundHandlerAdapter {
    private final LongAdder received;
    private final CountDownLatch opened;
    private int matched; // Event-loop only: bytes of MARK matched so far.
    private boolean open; // Event-loop only.

    Counter(LongAdder received, CountDownLatch opened) {
      this.received = received;
      this.opened = opened;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        if (!open) {
          open = true;
          opened.countDown();
        }
        long count = 0;
        for (int i = buf.readerIndex(); i < buf.writerIndex(); i++) {
          byte b = buf.getByte(i);
          if (b == MARK[matched]) {
            if (++matched == MARK.length) {
              count++;
              matched = 0;
            }
          } else {
            matched = b == MARK[0] ? 1 : 0;
          }
        }
        if (count > 0) {
          received.add(count);
        }
      } finally {
        buf.release(); // We are the last to touch it.
      }
    }
  }
}
