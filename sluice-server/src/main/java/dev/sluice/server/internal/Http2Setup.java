package dev.sluice.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 side: a frame codec and a multiplexer per connection, and per stream a child channel
 * that converts frames to HTTP objects so the same {@link RequestHandler} serves both protocols.
 */
final class Http2Setup {
  /** Streams one connection may have open at once; each event stream holds one. */
  static final int MAX_CONCURRENT_STREAMS = 1000;

  private final ServerState server;
  private final ChannelHandler streamInitializer;

  Http2Setup(ServerState server) {
    this.server = server;
    this.streamInitializer = new StreamInitializer(server);
  }

  /**
   * Adds HTTP/2 handlers to a connection's pipeline, replacing the HTTP/1.1 ones if present. The
   * idle timer must sit <em>before</em> the frame codec, where it sees every byte read and written:
   * behind the multiplexer it sees no stream traffic at all and would fire one timeout after the
   * connection started, however busy it is.
   */
  void addTo(ChannelPipeline pipeline) {
    removeHttp1(pipeline);
    if (pipeline.get(ConnectionInitializer.IDLE) == null) pipeline.addLast(ConnectionInitializer.IDLE, newIdleTimer());
    pipeline.addLast(newFrameCodec());
    pipeline.addLast(new Http2MultiplexHandler(streamInitializer));
    pipeline.addLast(new IdleCloser());
  }

  private IdleStateHandler newIdleTimer() {
    return new IdleStateHandler(0, 0, server.config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Http2FrameCodec newFrameCodec() {
    Http2Settings settings = Http2Settings.defaultSettings()
        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
        .maxHeaderListSize(server.config.maxHeaderSize());
    return Http2FrameCodecBuilder.forServer().initialSettings(settings).build();
  }

  /** The codec for an {@code Upgrade: h2c} request on a clear-text HTTP/1.1 connection. */
  HttpServerUpgradeHandler.UpgradeCodec upgradeCodecFor(CharSequence protocol) {
    if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) return null;
    Http2FrameCodec codec = newFrameCodec();
    Http2ServerUpgradeCodec upgrade = new Http2ServerUpgradeCodec(codec, new Http2MultiplexHandler(streamInitializer));
    return new HttpServerUpgradeHandler.UpgradeCodec() {
      @Override
      public Collection<CharSequence> requiredUpgradeHeaders() {
        return upgrade.requiredUpgradeHeaders();
      }

      @Override
      public boolean prepareUpgradeResponse(ChannelHandlerContext ctx, FullHttpRequest request,
          io.netty.handler.codec.http.HttpHeaders headers) {
        return upgrade.prepareUpgradeResponse(ctx, request, headers);
      }

      @Override
      public void upgradeTo(ChannelHandlerContext ctx, FullHttpRequest request) {
        ChannelPipeline pipeline = ctx.pipeline();
        removeHttp1(pipeline); // The HTTP/1.1 request handlers would see no more requests.
        // The HTTP/2 handlers go right after the upgrade handler (ctx), so the HTTP/1.1 idle timer
        // would end up behind them, blind to all traffic (the cause of GOAWAYs on busy connections).
        // Move it before them: once the HTTP/1.1 codec and ctx are gone it sees the raw bytes.
        if (pipeline.get(ConnectionInitializer.IDLE) != null) pipeline.remove(ConnectionInitializer.IDLE);
        pipeline.addBefore(ctx.name(), ConnectionInitializer.IDLE, newIdleTimer());
        pipeline.addLast(new IdleCloser());
        upgrade.upgradeTo(ctx, request);
      }
    };
  }

  /** Installed in place of the h2c handler when a client starts with the HTTP/2 preface. */
  ChannelHandler priorKnowledgeInitializer() {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        addTo(channel.pipeline()); // Keeps the idle timer the h2c handler had, in front.
      }
    };
  }

  private static void removeHttp1(ChannelPipeline pipeline) {
    if (pipeline.get(ConnectionInitializer.TIMER_BYTES) != null) pipeline.remove(ConnectionInitializer.TIMER_BYTES);
    if (pipeline.get(ConnectionInitializer.TIMER) != null) pipeline.remove(ConnectionInitializer.TIMER);
    if (pipeline.get(ConnectionInitializer.AGGREGATOR) != null) pipeline.remove(ConnectionInitializer.AGGREGATOR);
    if (pipeline.get(ConnectionInitializer.REQUEST) != null) pipeline.remove(ConnectionInitializer.REQUEST);
  }

  /** Per stream: frames to HTTP objects, the body limit, then the shared request logic. */
  private static final class StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
    private final ServerState server;

    StreamInitializer(ServerState server) {
      this.server = server;
    }

    @Override
    protected void initChannel(Http2StreamChannel channel) {
      channel.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
      // The body must arrive within the request timeout, however slowly its frames drip in.
      channel.pipeline().addLast(new RequestTimer(server.config.headerTimeout().toNanos(),
          server.config.requestTimeout().toNanos()).messages());
      channel.pipeline().addLast(new BodyLimitAggregator(server.config.maxRequestBodySize()));
      channel.pipeline().addLast(new RequestHandler(server, true));
    }
  }
}
