package dev.sluice.redis;

import java.util.Objects;
import dev.sluice.hub.spi.Health;
import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateListener;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogException;
import dev.sluice.redis.internal.Backoff;
import dev.sluice.redis.internal.EntryCodec;
import dev.sluice.redis.internal.Entries;
import dev.sluice.redis.internal.Maintenance;
import dev.sluice.redis.internal.RedisClients;
import dev.sluice.redis.internal.Scripts;
import dev.sluice.redis.internal.StreamHistory;
import dev.sluice.redis.internal.StreamIds;
import dev.sluice.redis.internal.StreamReader;
import dev.sluice.redis.internal.TransportMetrics;
import dev.sluice.redis.internal.TransportStats;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hub's update log on one Redis stream shared by every node.
 *
 * <h3>Layout</h3>
 * {@code {prefix}:log} is the stream (entry fields {@code n} counter, {@code i} event id,
 * {@code u} body); {@code {prefix}:ids} maps event id → entry id for {@code Last-Event-ID}
 * lookups on any node; {@code {prefix}:n} counts entries. One Lua script appends, indexes and
 * trims (by count and age) atomically, so the index never outlives or precedes its entry. The
 * same script refuses to store an event id the stream still holds (a retry gets the held entry
 * back, other content a {@link UpdateLogException.Conflict}), so ids are unique in history on
 * every node and a reused id resolves to the earliest entry.
 *
 * <h3>Threads</h3>
 * Appends and reads are asynchronous on a command connection that Lettuce reconnects by itself
 * and that rejects commands while disconnected (a publisher gets 503 at once). A {@link
 * StreamReader} thread follows the stream on a second connection and calls the listeners. A
 * maintenance thread trims by age and samples lag once per interval.
 *
 * <pre>{@code
 * RedisUpdateLog log = new RedisUpdateLog(
 *     RedisTransportConfig.parse(URI.create("redis://127.0.0.1:6379/0"), Retention.DEFAULT));
 * }</pre>
 */
public final class RedisUpdateLog implements UpdateLog {
  private static final System.Logger LOG = System.getLogger(RedisUpdateLog.class.getName());
  /** Most entries an append trims beyond its own, so one append never does unbounded work. */
  static final int APPEND_TRIM_BATCH = 100;

  private final RedisTransportConfig config;
  private final RedisClients clients;
  private final TransportStats stats = new TransportStats();
  private final CopyOnWriteArrayList<UpdateListener> listeners = new CopyOnWriteArrayList<>();
  private final Scripts appendScript = Scripts.append();
  private final String[] appendKeys;
  private final byte[] maxCount;
  private final byte[] maxAgeMillis;
  private final StreamReader reader;
  private final StreamHistory history;
  private final ScheduledExecutorService maintenance;
  private final Object pendingLock = new Object();
  private long pending; // Guarded by pendingLock.
  private volatile StatefulRedisConnection<String, byte[]> commands;
  private volatile boolean closed;

  public RedisUpdateLog(RedisTransportConfig config) {
    if (config.retention().maxCount() < 1) {
      throw new IllegalArgumentException("the Redis transport needs a retention of at least one "
          + "update: the stream is how nodes hear each other");
    }
    this.config = config;
    this.clients = new RedisClients(config);
    this.appendKeys = new String[] {config.streamKey(), config.idsKey(), config.counterKey()};
    this.maxCount = ascii(config.retention().maxCount());
    this.maxAgeMillis = ascii(config.retention().maxAge().toMillis());
    this.reader = new StreamReader(clients.reader(), RedisClients.CODEC, config.streamKey(),
        config.readBatch(), config.readBlock(),
        Backoff.of(config.backoffMin(), config.backoffMax()), this::publish, stats);
    this.history = new StreamHistory(() -> commands().async(), config.streamKey(),
        config.idsKey(), reader::lastDelivered);
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-redis-maintenance");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Connects, finds the stream's tail and starts reading after it. A fresh node starts at the
   * tail: its subscribers catch up through {@code Last-Event-ID}, which works on every node.
   *
   * @throws UpdateLogException.Unavailable when Redis cannot be reached now
   */
  @Override
  public void start() {
    try {
      commands = clients.command().connect(RedisClients.CODEC);
      List<StreamMessage<String, byte[]>> tail = commands.sync()
          .xrevrange(config.streamKey(), Range.unbounded(), Limit.from(1));
      String from = tail.isEmpty() ? "0-0" : tail.get(0).getId();
      long counter = tail.isEmpty() ? 0 : Entries.counter(tail.get(0)).orElse(0L);
      reader.start(from, counter);
    } catch (RuntimeException e) {
      clients.close();
      throw new UpdateLogException.Unavailable("cannot reach Redis at " + config.safeUri()
          + ": " + e.getMessage(), e);
    }
    long interval = config.maintenanceInterval().toMillis();
    maintenance.scheduleWithFixedDelay(new Maintenance(() -> commands.async(), this::commandsOpen,
        config.streamKey(), config.idsKey(), config.retention(), reader::lastDelivered, stats),
        0, interval, TimeUnit.MILLISECONDS);
    LOG.log(Level.INFO, "event=redis_transport_started uri={0} stream={1}", config.safeUri(),
        config.streamKey());
  }

  @Override
  public CompletionStage<StoredUpdate> append(Update update) {
    Objects.requireNonNull(update, "update");
    if (!commandsOpen()) {
      stats.appendFailures.increment();
      return failed(closed ? "the Redis transport is closed"
          : "Redis at " + config.safeUri() + " is unreachable");
    }
    synchronized (pendingLock) {
      pending++;
    }
    CompletableFuture<StoredUpdate> result = new CompletableFuture<>();
    appendScript.<byte[]>run(commands.async(), ScriptOutputType.VALUE, appendKeys,
            update.id().getBytes(StandardCharsets.UTF_8), EntryCodec.encodeBody(update),
            maxCount, maxAgeMillis, ascii(APPEND_TRIM_BATCH))
        .whenComplete((entryId, error) -> {
          appendDone();
          if (error != null) {
            stats.appendFailures.increment();
            result.completeExceptionally(new UpdateLogException.Unavailable(
                "Redis at " + config.safeUri() + " did not store it: " + error.getMessage(), error));
          } else {
            String id = new String(entryId, StandardCharsets.US_ASCII);
            if (id.startsWith(Scripts.CONFLICT)) {
              result.completeExceptionally(new UpdateLogException.Conflict(
                  "id is already used by another update in history: " + abbreviated(update.id())));
              return;
            }
            // A retry (Scripts.RETRY) is answered with the entry that holds it: same content.
            String held = id.startsWith(Scripts.RETRY) ? id.substring(Scripts.RETRY.length()) : id;
            result.complete(new StoredUpdate(update, StreamIds.toPosition(held),
                Instant.ofEpochMilli(StreamIds.millis(held))));
          }
        });
    return result;
  }

  @Override
  public AutoCloseable subscribe(UpdateListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public CompletionStage<HistoryLookup> historyAfter(String id, int limit) {
    Objects.requireNonNull(id, "id");
    return commandsOpen() ? history.after(id, limit) : failed("Redis at " + config.safeUri() + " is unreachable");
  }

  @Override
  public CompletionStage<History> historyFrom(long afterPosition, int limit) {
    return commandsOpen() ? history.from(afterPosition, limit) : failed("Redis at " + config.safeUri() + " is unreachable");
  }

  @Override
  public CompletionStage<List<StoredUpdate>> historyBefore(long position, int limit) {
    return commandsOpen() ? history.before(position, limit) : failed("Redis at " + config.safeUri() + " is unreachable");
  }

  @Override
  public CompletionStage<Optional<StoredUpdate>> last() {
    return commandsOpen() ? history.last() : failed("Redis at " + config.safeUri() + " is unreachable");
  }

  /** Entries in the stream at the last sample (at most one maintenance interval old). */
  @Override
  public long size() {
    return stats.streamLength;
  }

  @Override
  public long pendingAppends() {
    synchronized (pendingLock) {
      return pending;
    }
  }

  @Override
  public Health health() {
    if (closed) {
      return Health.down("redis transport closed");
    }
    if (!commandsOpen()) {
      return Health.down("redis " + config.safeUri() + " unreachable, reconnecting");
    }
    if (!stats.readerConnected) {
      return Health.down("redis " + config.safeUri() + " stream reader reconnecting");
    }
    return Health.up("redis " + config.safeUri() + " stream " + config.streamKey() + ", "
        + stats.streamLength + " entries, lag " + stats.lagEntries + " entries");
  }

  @Override
  public void bindMetrics(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    TransportMetrics.bind(registry, stats);
  }

  /** The last entry id this node delivered to its listeners (for tests and diagnostics). */
  public String lastDelivered() {
    return reader.lastDelivered();
  }

  /** Stops reading; waits up to the command timeout for appends in flight, then disconnects. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    maintenance.shutdownNow();
    reader.close();
    long deadline = System.nanoTime() + config.commandTimeout().toNanos();
    synchronized (pendingLock) {
      while (pending > 0 && System.nanoTime() < deadline) {
        try {
          pendingLock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    clients.close();
  }

  private void publish(List<StoredUpdate> updates) {
    for (UpdateListener listener : listeners) {
      try {
        listener.onUpdates(updates);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "event=listener_failed listener=" + listener, e);
      }
    }
  }

  private void appendDone() {
    synchronized (pendingLock) {
      pending--;
      pendingLock.notifyAll();
    }
  }

  private boolean commandsOpen() {
    StatefulRedisConnection<String, byte[]> c = commands;
    return c != null && c.isOpen() && !closed;
  }

  private StatefulRedisConnection<String, byte[]> commands() {
    return commands;
  }

  private static <T> CompletionStage<T> failed(String message) {
    return CompletableFuture.failedFuture(new UpdateLogException.Unavailable(message));
  }

  /** Ids are publisher input: bounded in a message that reaches logs and clients. */
  private static String abbreviated(String id) {
    return id.length() <= 100 ? id : id.substring(0, 100) + "…";
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
