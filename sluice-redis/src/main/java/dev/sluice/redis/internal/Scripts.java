package dev.sluice.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts that keep the stream and its id index in step. Each runs atomically in Redis,
 * so no node ever sees an entry without its index field or an index field without its entry.
 *
 * <p>Keys: {@code KEYS[1]} the stream, {@code KEYS[2]} the hash event id → entry id,
 * {@code KEYS[3]} the entry counter. Entry fields, in this order: {@code n} (counter, for lag and
 * gap detection), {@code i} (event id), {@code u} ({@link EntryCodec} body).
 *
 * <p>Scripts run by {@code EVALSHA}; a Redis that restarted has an empty script cache, so a
 * {@code NOSCRIPT} answer falls back to {@code EVAL} once, which caches it again.
 */
public final class Scripts {
  /**
   * Removes entries from the head while the stream is longer than {@code maxCount} or the head is
   * older than {@code maxAgeMs} by Redis's clock, at most {@code batch} per call, deleting each
   * index field only if it still points at that entry (ids may be reused by publishers).
   */
  private static final String TRIM_FUNCTION = """
      local function trim(log, ids, maxCount, maxAgeMs, batch)
        local minMs = -1
        if maxAgeMs > 0 then
          local t = redis.call('TIME')
          minMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - maxAgeMs
        end
        local over = redis.call('XLEN', log) - maxCount
        local removed = 0
        while removed < batch do
          local first = redis.call('XRANGE', log, '-', '+', 'COUNT', 1)[1]
          if not first then break end
          local id = first[1]
          if over <= 0 then
            if minMs < 0 then break end
            if tonumber(string.sub(id, 1, string.find(id, '-', 1, true) - 1)) >= minMs then break end
          end
          local eventId = first[2][4]
          if redis.call('HGET', ids, eventId) == id then redis.call('HDEL', ids, eventId) end
          redis.call('XDEL', log, id)
          over = over - 1
          removed = removed + 1
        end
        return removed
      end
      """;

  /**
   * ARGV: event id, body, maxCount, maxAgeMs, batch. Returns the new entry id; or, when the stream
   * still holds an entry with this event id, {@value #RETRY} or {@value #CONFLICT} followed by that
   * entry's id (same body: the publisher's retry, stored once; other body: refused). Aged entries
   * are trimmed first, so an id that left history may be stored again.
   */
  static final String APPEND = TRIM_FUNCTION + """
      trim(KEYS[1], KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
      local held = redis.call('HGET', KEYS[2], ARGV[1])
      if held then
        local entry = redis.call('XRANGE', KEYS[1], held, held)[1]
        if entry then
          if entry[2][6] == ARGV[2] then return '=' .. held end
          return '!' .. held
        end
      end
      local n = redis.call('INCR', KEYS[3])
      local id = redis.call('XADD', KEYS[1], '*', 'n', n, 'i', ARGV[1], 'u', ARGV[2])
      local dash = string.find(id, '-', 1, true)
      if tonumber(string.sub(id, dash + 1)) >= %d then
        redis.call('XDEL', KEYS[1], id)
        local nextMs = string.format('%%d-0', tonumber(string.sub(id, 1, dash - 1)) + 1)
        id = redis.call('XADD', KEYS[1], nextMs, 'n', n, 'i', ARGV[1], 'u', ARGV[2])
      end
      redis.call('HSET', KEYS[2], ARGV[1], id)
      trim(KEYS[1], KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
      return id
      """.formatted(StreamIds.SEQ_LIMIT);

  /** ARGV: maxCount, maxAgeMs, batch. Returns how many entries it removed. */
  static final String TRIM = TRIM_FUNCTION + """
      return trim(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
      """;

  /**
   * ARGV: the reader's last entry id. Returns Redis's time (ms), the stream length, the tail's
   * counter, and the id and counter of the first entry after the reader ('' when there is none).
   */
  static final String LAG = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local r = {string.format('%d', now), tostring(redis.call('XLEN', KEYS[1])), '', '', ''}
      local tail = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
      if tail then r[3] = tail[2][2] end
      local nxt = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', 1)[1]
      if nxt then r[4] = nxt[1]; r[5] = nxt[2][2] end
      return r
      """;

  /** What {@link #APPEND} puts before the held entry's id when the append is a retry. */
  public static final String RETRY = "=";
  /** What {@link #APPEND} puts before the held entry's id when the id is used by other content. */
  public static final String CONFLICT = "!";

  private final String source;
  private final String sha;

  private Scripts(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  public static Scripts append() {
    return new Scripts(APPEND);
  }

  public static Scripts trim() {
    return new Scripts(TRIM);
  }

  public static Scripts lag() {
    return new Scripts(LAG);
  }

  /** Runs the script by digest, loading it with {@code EVAL} when Redis does not have it. */
  public <T> CompletionStage<T> run(RedisAsyncCommands<String, byte[]> redis, ScriptOutputType type,
      String[] keys, byte[]... args) {
    CompletableFuture<T> result = new CompletableFuture<>();
    redis.<T>evalsha(sha, type, keys, args).whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
      } else if (unwrap(error) instanceof RedisNoScriptException) {
        redis.<T>eval(source, type, keys, args).whenComplete((v, e) -> {
          if (e == null) {
            result.complete(v);
          } else {
            result.completeExceptionally(unwrap(e));
          }
        });
      } else {
        result.completeExceptionally(unwrap(error));
      }
    });
    return result;
  }

  static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  private static String sha1(String source) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
