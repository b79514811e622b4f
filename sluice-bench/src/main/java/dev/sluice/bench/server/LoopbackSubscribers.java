package dev.sluice.bench.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The subscriber process: opens {@code connections} event streams to {@code 127.0.0.1:port path}
 * with a Netty client and checks every event ({@link SubscriberHandler}). It talks to the
 * benchmark process over stdin/stdout, one line per message:
 * <ul>
 *   <li>out {@code OPENED n}: every stream's response head arrived;
 *   <li>out {@code R events errors}: running totals, every 2 ms;
 *   <li>in {@code CHECK n} / out {@code CHECKED bad firstError}: how many connections did not get
 *       exactly events {@code 0..n-1};
 *   <li>in {@code EXIT} (or end of input): exit.
 * </ul>
 * Usage: {@code LoopbackSubscribers port path connections threads}.
 */
public final class LoopbackSubscribers {
  private static final int CONNECTS_IN_FLIGHT = 256;

  private LoopbackSubscribers() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String path = args[1];
    int connections = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("subscriber", true),
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    SubscriberHandler.Stats stats = new SubscriberHandler.Stats();
    List<SubscriberHandler> handlers = new ArrayList<>(connections);
    Bootstrap bootstrap = new Bootstrap().group(group)
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT); // Stay inside the server's accept backlog.
    for (int i = 0; i < connections; i++) {
      SubscriberHandler handler = new SubscriberHandler(path, stats);
      handlers.add(handler);
      inFlight.acquire();
      ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel channel) {
          channel.pipeline().addLast(handler);
        }
      }).connect("127.0.0.1", port);
      connect.addListener(f -> {
        inFlight.release();
        if (!f.isSuccess()) stats.error("connect failed: " + f.cause());
      });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (stats.opened.sum() + stats.errors.sum() < connections && System.nanoTime() < deadline) {
      Thread.sleep(5); // Polling a counter in a benchmark driver, not test synchronization.
    }
    out.println("OPENED " + stats.opened.sum() + ' ' + stats.errors.sum() + ' ' + stats.firstError);
    out.flush();

    Thread reporter = new Thread(() -> {
      while (true) {
        out.println("R " + stats.events.sum() + ' ' + stats.errors.sum());
        out.flush();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "reporter");
    reporter.setDaemon(true);
    reporter.start();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    for (String line; (line = in.readLine()) != null && !line.equals("EXIT"); ) {
      if (line.startsWith("CHECK ")) {
        long want = Long.parseLong(line.substring(6));
        int bad = 0;
        for (SubscriberHandler handler : handlers) if (handler.expected != want) bad++;
        synchronized (out) {
          out.println("CHECKED " + bad + ' ' + stats.errors.sum() + ' ' + stats.firstError);
          out.flush();
        }
      }
    }
    System.exit(0); // The server side closes the connections; no need to wait for that here.
  }
}
