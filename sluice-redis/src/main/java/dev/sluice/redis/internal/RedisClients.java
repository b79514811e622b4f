package dev.sluice.redis.internal;

import dev.sluice.redis.RedisTransportConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two Lettuce clients of a node, sharing one set of threads.
 *
 * <ul>
 *   <li>{@link #command()}: appends and history reads. Lettuce reconnects it in the background
 *       (jittered, capped delays) and <em>rejects</em> commands while it is down, so a publisher
 *       is answered 503 at once instead of queueing behind an outage.
 *   <li>{@link #reader()}: the stream reader's own connection, with no automatic reconnect: the
 *       reader owns its reconnect loop, so it knows where it stopped and resumes from there.
 * </ul>
 */
public final class RedisClients implements AutoCloseable {
  /** Keys and field names are text; values (event ids, bodies, script replies) stay bytes. */
  public static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final ClientResources resources;
  private final RedisClient command;
  private final RedisClient reader;

  public RedisClients(RedisTransportConfig config) {
    Duration timeout = config.commandTimeout();
    resources = DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.equalJitter(config.backoffMin(), config.backoffMax(), 2,
            TimeUnit.MILLISECONDS))
        .build();
    RedisURI uri = redisUri(config);
    command = RedisClient.create(resources, uri);
    command.setOptions(options(config, true, timeout));
    reader = RedisClient.create(resources, uri);
    reader.setOptions(options(config, false, config.readBlock().plus(timeout)));
  }

  public RedisClient command() {
    return command;
  }

  public RedisClient reader() {
    return reader;
  }

  // getUsername() is deprecated in favour of resolving the credentials provider reactively; the
  // user name parsed from the URI is all we need, synchronously, before any connection exists.
  @SuppressWarnings("deprecation")
  static RedisURI redisUri(RedisTransportConfig config) {
    RedisURI uri = RedisURI.create(config.lettuceUri());
    config.password().ifPresent(password ->
        uri.setCredentialsProvider(new StaticCredentialsProvider(uri.getUsername(), password.toCharArray())));
    if (config.lettuceUri().getRawQuery() == null
        || !config.lettuceUri().getRawQuery().contains("timeout=")) {
      uri.setTimeout(config.commandTimeout());
    }
    return uri;
  }

  private static ClientOptions options(RedisTransportConfig config, boolean autoReconnect,
      Duration timeout) {
    ClientOptions.Builder options = ClientOptions.builder()
        .autoReconnect(autoReconnect)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(config.commandTimeout())
            .keepAlive(true).build());
    config.caFile().ifPresent(ca ->
        options.sslOptions(SslOptions.builder().trustManager(ca.toFile()).build()));
    return options.build();
  }

  /** Closes every connection and stops the client threads without the default quiet period. */
  @Override
  public void close() {
    command.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    reader.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
