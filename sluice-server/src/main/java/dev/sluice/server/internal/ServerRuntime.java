package dev.sluice.server.internal;

import dev.sluice.server.IoTransport;
import dev.sluice.server.ServerStats;
import dev.sluice.server.TlsConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** Starts, runs and stops the Netty server for one {@link dev.sluice.server.SseServer}. */
public final class ServerRuntime {
  private static final System.Logger LOG = System.getLogger(ServerRuntime.class.getName());

  private final ServerConfig config;
  private final ServerCounters counters = new ServerCounters();
  private final Transport transport;
  private final Object lock = new Object();
  private EventLoopGroup group; // Guarded by lock.
  private Channel serverChannel; // Guarded by lock.
  private ServerState state; // Guarded by lock.
  private Connections openChannels; // Guarded by lock.
  private boolean stopped; // Guarded by lock.

  public ServerRuntime(ServerConfig config) {
    this.config = config;
    this.transport = Transport.choose(config.ioTransport());
    new Router(config.routes()); // Fails fast on duplicate routes, at build time.
  }

  public ServerConfig config() {
    return config;
  }

  public int start() {
    synchronized (lock) {
      if (group != null) throw new IllegalStateException("already started");
      SslContext sslContext = config.tls() == null ? null : sslContext(config.tls());
      int threads = config.ioThreads() == 0 ? Runtime.getRuntime().availableProcessors() : config.ioThreads();
      group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("sluice-io", true),
          transport.ioHandlerFactory());
      StreamSettings settings = new StreamSettings(config.streamQueueBytes(), config.streamQueueEvents(), counters,
          config.directSocketWrites());
      Map<EventLoop, LoopStreams> loops = new IdentityHashMap<>();
      for (EventExecutor executor : group) {
        EventLoop loop = (EventLoop) executor;
        LoopStreams streams = new LoopStreams(loop, settings);
        streams.startHeartbeats(config.heartbeat());
        loops.put(loop, streams);
      }
      state = new ServerState(config, counters, loops);
      int maxConnections = ConnectionLimits.effectiveMax(config.maxConnections(), ConnectionLimits.fileDescriptorLimit());
      if (maxConnections < config.maxConnections()) {
        LOG.log(System.Logger.Level.INFO, "accepting at most {0} connections, not {1}: the process may open only {2} "
            + "files (raise it with ulimit -n)", maxConnections, config.maxConnections(),
            ConnectionLimits.fileDescriptorLimit().getAsLong());
      }
      openChannels = new Connections(counters, maxConnections, config.maxConnectionsPerAddress(),
          config.limitLoopbackConnections());
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(group)
          .channel(transport.serverChannel())
          .option(ChannelOption.SO_BACKLOG, 4096)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
          // One allocator for all connections (it only makes per-channel handles); Netty's default
          // gives each channel its own instance, 32 bytes per idle stream for nothing.
          .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator())
          .childHandler(new ConnectionInitializer(state, sslContext, openChannels));
      InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
      try {
        if (address.isUnresolved()) { // Netty would fail with an exception that has no message.
          throw new java.net.UnknownHostException("unknown host " + config.bindAddress());
        }
        serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
      } catch (Exception e) { // Netty rethrows bind's checked IOException (e.g. port in use) unchecked.
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        group = null;
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ':' + config.port()
            + ": " + reason, new java.io.IOException(e));
      }
      return port();
    }
  }

  private static SslContext sslContext(TlsConfig tls) {
    try {
      return SslContextBuilder.forServer(tls.privateKey(), tls.certificateChain())
          .applicationProtocolConfig(new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("unusable TLS key or certificate: " + e.getMessage(), e);
    }
  }

  public int port() {
    return localAddress().getPort();
  }

  public InetSocketAddress localAddress() {
    synchronized (lock) {
      if (serverChannel == null) throw new IllegalStateException("not started");
      return (InetSocketAddress) serverChannel.localAddress();
    }
  }

  public ServerStats stats() {
    return counters;
  }

  public boolean isNativeTransport() {
    return transport.isNative();
  }

  public IoTransport ioTransport() {
    return transport.kind();
  }

  /** See {@link dev.sluice.server.SseServer#stop}. */
  public void stop(Duration timeout) {
    EventLoopGroup group;
    Connections channels;
    ServerState state;
    synchronized (lock) {
      if (stopped || this.group == null) {
        stopped = true;
        return;
      }
      stopped = true;
      group = this.group;
      channels = openChannels;
      state = this.state;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    state.stopping = true;
    if (serverChannel != null) serverChannel.close().syncUninterruptibly(); // Stop accepting first.
    closeStreams(group, state, deadline);
    for (Channel channel : channels.snapshot()) {
      channel.eventLoop().execute(() -> channel.pipeline().fireUserEventTriggered(ShutdownEvent.INSTANCE));
    }
    if (!channels.awaitClosed(deadline)) {
      LOG.log(System.Logger.Level.INFO, "closing {0} connections still open at the shutdown deadline", channels.size());
      channels.closeAll(deadline);
    }
    for (EventExecutor executor : group) state.loopStreams((EventLoop) executor).stopHeartbeats();
    group.shutdownGracefully(0, Math.max(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
        TimeUnit.MILLISECONDS).awaitUninterruptibly();
  }

  /** Sends every open stream a randomized {@code retry:} hint and closes it, on its own loop. */
  private void closeStreams(EventLoopGroup group, ServerState state, long deadline) {
    long baseMillis = config.shutdownRetry().toMillis();
    CountDownLatch done = new CountDownLatch(countLoops(group));
    for (EventExecutor executor : group) {
      LoopStreams loop = state.loopStreams((EventLoop) executor);
      executor.execute(() -> {
        try {
          List<NettySseStream> streams = loop.snapshot();
          for (NettySseStream stream : streams) {
            long retry = baseMillis + (baseMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(baseMillis + 1));
            stream.retry(Duration.ofMillis(retry));
            stream.close();
          }
        } finally {
          done.countDown();
        }
      });
    }
    try {
      done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int countLoops(EventLoopGroup group) {
    int count = 0;
    for (EventExecutor ignored : group) count++;
    return count;
  }
}
