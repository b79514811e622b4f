package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A clear-text HTTP/2 client that starts with the connection preface (prior knowledge, no
 * {@code Upgrade}), as {@code curl --http2-prior-knowledge} and gRPC-style clients do. Each request
 * is one HTTP/2 stream whose frames are recorded for the test to poll.
 */
final class H2Client implements AutoCloseable {
  /** Queued when a stream ends (END_STREAM or reset). */
  static final String END = "<end of stream>";

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel connection;
  /** Completes when the server closes the connection. */
  final CompletableFuture<Void> connectionClosed = new CompletableFuture<>();

  H2Client(int port) {
    connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        }).connect("127.0.0.1", port).syncUninterruptibly().channel();
    connection.closeFuture().addListener(f -> connectionClosed.complete(null));
  }

  /**
   * One request stream: the status and content type (and {@code retry-after} when sent), then each
   * DATA frame as text, then {@link #END}.
   */
  static final class Stream extends ChannelInboundHandlerAdapter {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2HeadersFrame) {
          Http2HeadersFrame headers = (Http2HeadersFrame) msg;
          CharSequence retryAfter = headers.headers().get("retry-after");
          received.add("status " + headers.headers().status() + " " + headers.headers().get("content-type")
              + (retryAfter == null ? "" : " retry-after " + retryAfter));
          if (headers.isEndStream()) received.add(END);
        } else if (msg instanceof Http2DataFrame) {
          Http2DataFrame data = (Http2DataFrame) msg;
          if (data.content().isReadable()) received.add(data.content().toString(StandardCharsets.UTF_8));
          if (data.isEndStream()) received.add(END);
        }
      } finally {
        ReferenceCountUtil.release(msg); // We are the last handler.
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      received.add(END);
    }

    /** The next frame's text within ten seconds. */
    String next() throws InterruptedException {
      String next = received.poll(10, TimeUnit.SECONDS);
      assertThat(next).as("a frame within 10 s").isNotNull();
      return next;
    }
  }

  /** Opens a stream with {@code GET path} (END_STREAM on the headers). */
  Stream get(String path) {
    Stream stream = new Stream();
    Http2StreamChannel channel = new Http2StreamChannelBootstrap(connection).handler(stream).open().syncUninterruptibly().getNow();
    Http2Headers headers = new DefaultHttp2Headers().method("GET").path(path).scheme("http").authority("127.0.0.1");
    channel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true)).syncUninterruptibly();
    return stream;
  }

  @Override
  public void close() {
    connection.close().syncUninterruptibly();
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
