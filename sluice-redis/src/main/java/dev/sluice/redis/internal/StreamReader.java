package dev.sluice.redis.internal;

import dev.sluice.hub.spi.StoredUpdate;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the stream on its own connection and hands each batch to the node's listeners.
 *
 * <h3>Threads</h3>
 * One thread, {@code sluice-redis-reader}, runs {@code XREAD BLOCK … COUNT … STREAMS key
 * <last id>} in a loop. It alone calls the listeners, so they hear one batch at a time, in stream
 * order. On any failure it drops the connection and connects again after a {@link Backoff} delay;
 * it reads on from the last id it delivered, so a reconnect neither skips nor repeats an entry
 * that Redis still holds.
 *
 * <h3>The delivered mark</h3>
 * {@link #lastDelivered()} moves only after the listeners returned. History reads stop at it, so
 * anything a replay sends has already been handed to the dispatcher: the hub's join of replay and
 * live feed (positions compare) then has no gap and no duplicate even though this node hears the
 * log later than Redis stored it.
 */
public final class StreamReader implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StreamReader.class.getName());

  private final RedisClient client;
  private final RedisCodec<String, byte[]> codec;
  private final String streamKey;
  private final int batchSize;
  private final Duration block;
  private final Backoff initialBackoff;
  private final Consumer<List<StoredUpdate>> listeners;
  private final TransportStats stats;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;
  private volatile String lastDelivered; // Written by the reader thread only (and start()).
  private long lastCounter; // Reader thread only (set before the thread starts).
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile boolean running = true;

  public StreamReader(RedisClient client, RedisCodec<String, byte[]> codec, String streamKey,
      int batchSize, Duration block, Backoff backoff, Consumer<List<StoredUpdate>> listeners,
      TransportStats stats) {
    this.client = client;
    this.codec = codec;
    this.streamKey = streamKey;
    this.batchSize = batchSize;
    this.block = block;
    this.initialBackoff = backoff;
    this.listeners = listeners;
    this.stats = stats;
    this.thread = new Thread(this::run, "sluice-redis-reader");
    this.thread.setDaemon(true);
  }

  /** Starts reading after entry {@code fromId} whose counter was {@code fromCounter} (0 if none). */
  public void start(String fromId, long fromCounter) {
    lastDelivered = fromId;
    lastCounter = fromCounter;
    thread.start();
  }

  /** The id of the last entry the listeners have been handed. */
  public String lastDelivered() {
    return lastDelivered;
  }

  private void run() {
    Backoff backoff = initialBackoff;
    boolean connectedBefore = false;
    while (running) {
      StatefulRedisConnection<String, byte[]> conn = null;
      try {
        conn = client.connect(codec);
        connection = conn;
        if (!running) {
          break;
        }
        if (connectedBefore) {
          stats.reconnects.increment();
          LOG.log(Level.INFO, "event=redis_reader_reconnected from={0}", lastDelivered);
        }
        connectedBefore = true;
        stats.readerConnected = true;
        backoff = backoff.reset();
        XReadArgs args = XReadArgs.Builder.block(block).count(batchSize);
        while (running) {
          List<StreamMessage<String, byte[]>> batch = read(conn, args);
          if (batch != null && !batch.isEmpty()) {
            deliver(batch);
          }
        }
      } catch (RuntimeException e) {
        stats.readerConnected = false;
        if (!running) {
          break;
        }
        Backoff.Result next = backoff.next(() -> ThreadLocalRandom.current().nextDouble());
        backoff = next.next();
        LOG.log(backoff.attempt() == 1 ? Level.WARNING : Level.DEBUG,
            "event=redis_reader_failed attempt={0} retry_in_ms={1} error={2}",
            backoff.attempt(), next.delay().toMillis(), e.toString());
        pause(next.delay());
      } finally {
        stats.readerConnected = false;
        if (conn != null && conn.isOpen()) {
          conn.closeAsync();
        }
      }
    }
  }

  @SuppressWarnings("unchecked") // One offset through XREAD's generic varargs.
  private List<StreamMessage<String, byte[]>> read(StatefulRedisConnection<String, byte[]> conn,
      XReadArgs args) {
    return conn.sync().xread(args, XReadArgs.StreamOffset.from(streamKey, lastDelivered));
  }

  private void deliver(List<StreamMessage<String, byte[]>> batch) {
    List<StoredUpdate> updates = new ArrayList<>(batch.size());
    for (StreamMessage<String, byte[]> message : batch) {
      noteCounter(message);
      try {
        updates.add(Entries.toStored(message));
      } catch (RuntimeException e) {
        // A foreign or corrupt entry cannot be delivered; skipping it keeps the node reading.
        LOG.log(Level.ERROR, "event=redis_entry_skipped id=" + message.getId(), e);
      }
    }
    if (!updates.isEmpty()) {
      listeners.accept(updates);
    }
    stats.recordBatch(batch.size());
    lastDelivered = batch.get(batch.size() - 1).getId();
  }

  /** Counters are consecutive; a jump means retention removed entries before this node read them. */
  private void noteCounter(StreamMessage<String, byte[]> message) {
    Optional<Long> counter = Entries.counter(message);
    if (counter.isEmpty()) {
      return;
    }
    long n = counter.get();
    if (lastCounter > 0 && n > lastCounter + 1) {
      long missed = n - lastCounter - 1;
      stats.missed.add(missed);
      LOG.log(Level.WARNING, "event=redis_entries_missed count={0} before={1} "
          + "reason=trimmed_by_retention_before_read", missed, message.getId());
    } else if (n <= lastCounter) {
      LOG.log(Level.WARNING, "event=redis_counter_reset at={0}: the stream was recreated "
          + "(Redis lost its data?)", message.getId());
    }
    lastCounter = n;
  }

  private void pause(Duration delay) {
    try {
      closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops reading: closes the connection (which ends a blocked read) and waits for the thread. */
  @Override
  public void close() {
    running = false;
    closed.countDown();
    StatefulRedisConnection<String, byte[]> conn = connection;
    if (conn != null && conn.isOpen()) {
      conn.closeAsync();
    }
    try {
      thread.join(block.plusSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
