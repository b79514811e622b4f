package dev.sluice.redis.internal;

import dev.sluice.hub.spi.Retention;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What each node does once per interval: trim by age (appends trim as they go, but an idle
 * stream still ages) and sample its lag behind the stream's tail. Both are one script call each;
 * while Redis is unreachable the tick does nothing.
 */
public final class Maintenance implements Runnable {
  private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());
  /** Most entries one tick removes, so a long-idle stream is trimmed in bounded steps. */
  static final int TRIM_BATCH = 1000;

  private final Supplier<RedisAsyncCommands<String, byte[]>> redis;
  private final BooleanSupplier connected;
  private final String[] trimKeys;
  private final String[] lagKeys;
  private final Retention retention;
  private final Supplier<String> delivered;
  private final TransportStats stats;
  private final Scripts trim = Scripts.trim();
  private final Scripts lag = Scripts.lag();

  public Maintenance(Supplier<RedisAsyncCommands<String, byte[]>> redis, BooleanSupplier connected,
      String streamKey, String idsKey, Retention retention, Supplier<String> delivered,
      TransportStats stats) {
    this.redis = redis;
    this.connected = connected;
    this.trimKeys = new String[] {streamKey, idsKey};
    this.lagKeys = new String[] {streamKey};
    this.retention = retention;
    this.delivered = delivered;
    this.stats = stats;
  }

  @Override
  public void run() {
    if (!connected.getAsBoolean()) {
      return;
    }
    trim.<Long>run(redis.get(), ScriptOutputType.INTEGER, trimKeys,
            ascii(retention.maxCount()), ascii(retention.maxAge().toMillis()), ascii(TRIM_BATCH))
        .whenComplete((removed, error) -> {
          if (error != null) {
            LOG.log(Level.DEBUG, "event=redis_trim_failed error={0}", error.toString());
          }
        });
    lag.<List<Object>>run(redis.get(), ScriptOutputType.MULTI, lagKeys, ascii(delivered.get()))
        .whenComplete((reply, error) -> {
          if (error == null) {
            record(reply);
          } else {
            LOG.log(Level.DEBUG, "event=redis_lag_sample_failed error={0}", error.toString());
          }
        });
  }

  private void record(List<Object> reply) {
    long now = Long.parseLong(text(reply.get(0)));
    stats.streamLength = Long.parseLong(text(reply.get(1)));
    String tailCounter = text(reply.get(2));
    String nextId = text(reply.get(3));
    String nextCounter = text(reply.get(4));
    if (nextId.isEmpty()) {
      stats.lagEntries = 0;
      stats.lagMillis = 0;
      return;
    }
    stats.lagMillis = Math.max(0, now - StreamIds.millis(nextId));
    stats.lagEntries = tailCounter.isEmpty() || nextCounter.isEmpty() ? 1
        : Math.max(1, Long.parseLong(tailCounter) - Long.parseLong(nextCounter) + 1);
  }

  private static String text(Object value) {
    return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
  }

  static byte[] ascii(Object value) {
    return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
  }
}
