package dev.sluice.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Sets up each accepted connection: admits it against the connection limits (closing it at once if
 * they refuse it, before anything is read), then builds the pipeline for TLS with ALPN, clear-text
 * HTTP/1.1 with h2c, or plain HTTP/1.1.
 *
 * <pre>
 * TLS:   SslHandler -> ALPN -> (h2: Http2 handlers) | (http/1.1: HTTP/1 handlers)
 * h2c:   timer-bytes -> CleartextHttp2ServerUpgradeHandler -> timer -> idle -> aggregator -> request
 *        (becomes timer-bytes -> codec -> upgrade -> timer -> idle -> aggregator -> request for HTTP/1.1)
 * HTTP/1: timer-bytes -> HttpServerCodec -> timer -> idle -> aggregator -> request
 * </pre>
 */
@io.netty.channel.ChannelHandler.Sharable
final class ConnectionInitializer extends ChannelInitializer<Channel> {
  static final String TIMER_BYTES = "timer-bytes";
  static final String TIMER = "timer";
  static final String IDLE = "idle";
  static final String AGGREGATOR = "aggregator";
  static final String REQUEST = "request";
  private static final int MAX_INITIAL_LINE = 8192;

  private final ServerState server;
  private final SslContext sslContext; // Null for clear text.
  private final Connections connections;
  private final Http2Setup http2;

  ConnectionInitializer(ServerState server, SslContext sslContext, Connections connections) {
    this.server = server;
    this.sslContext = sslContext;
    this.connections = connections;
    this.http2 = new Http2Setup(server);
  }

  @Override
  protected void initChannel(Channel channel) {
    if (!connections.tryAdd(channel)) {
      server.counters.rejectedConnections.increment();
      channel.close(); // Past a limit: refused before a byte is read, so it holds nothing.
      return;
    }
    ChannelPipeline pipeline = channel.pipeline();
    if (sslContext != null) {
      pipeline.addLast(sslContext.newHandler(channel.alloc()));
      pipeline.addLast(new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
          if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            http2.addTo(ctx.pipeline());
          } else {
            addHttp1(ctx.pipeline(), newTimer(), newCodec());
          }
        }
      });
    } else if (server.config.h2c()) {
      HttpServerCodec codec = newCodec();
      HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec,
          protocol -> http2.upgradeCodecFor(protocol), server.config.maxRequestBodySize());
      RequestTimer timer = newTimer();
      pipeline.addLast(TIMER_BYTES, timer.bytes()); // Stays before the codec the h2c handler puts in its place.
      pipeline.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, http2.priorKnowledgeInitializer()));
      addHttp1(pipeline, timer, null);
    } else {
      addHttp1(pipeline, newTimer(), newCodec());
    }
  }

  private HttpServerCodec newCodec() {
    return new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(server.config.maxHeaderSize())
        .setMaxChunkSize(16 * 1024)
        .setHeadersFactory(FramingHeaders.FACTORY)); // Remembers Content-Length beside Transfer-Encoding.
  }

  private RequestTimer newTimer() {
    return new RequestTimer(server.config.headerTimeout().toNanos(), server.config.requestTimeout().toNanos());
  }

  /**
   * Adds the HTTP/1.1 handlers; {@code codec} null when the h2c handler adds its own (and the
   * timer's byte side is already in front of it).
   */
  private void addHttp1(ChannelPipeline pipeline, RequestTimer timer, HttpServerCodec codec) {
    if (codec != null) {
      pipeline.addLast(TIMER_BYTES, timer.bytes());
      pipeline.addLast(codec);
    }
    pipeline.addLast(TIMER, timer.messages());
    pipeline.addLast(IDLE, new IdleStateHandler(0, 0, server.config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    pipeline.addLast(AGGREGATOR, new BodyLimitAggregator(server.config.maxRequestBodySize()));
    pipeline.addLast(REQUEST, new RequestHandler(server, false));
  }
}
